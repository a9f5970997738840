package main

import (
	"context"
	"fmt"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// cmdInit creates the database (when missing) and stores the public base
// URL and the office contact in it, once: later commands read them, and
// --base-url / OCOPSTAMP_BASE_URL still override the stored URL.
func cmdInit(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("--base-url https://txng.example.vn [--office-name N] [--office-phone P] [--office-email E] [--allow-test-url]")
	name := fs.String("office-name", "", "office name shown to consumers (default: the provincial coordination office)")
	phone := fs.String("office-phone", "", "office phone shown to consumers")
	email := fs.String("office-email", "", "office e-mail shown to consumers")
	allowTest := fs.Bool("allow-test-url", false, "accept a base URL phones cannot open (localhost, private address, plain http): trials only")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if !e.baseURLGiven {
		return usagef("--base-url is required: the public URL printed in every QR code, e.g. https://txng.example.vn")
	}
	base, err := normaliseBaseURL(e.BaseURL)
	if err != nil {
		return err
	}
	if !*allowTest {
		if err := office.CheckLabelURL(base); err != nil {
			return err
		}
	}
	if w := office.QRWarning(base); w != "" {
		fmt.Fprintln(e.Err, w)
	}
	if err := office.CheckContact(office.Contact{Name: *name, Phone: *phone, Email: *email}); err != nil {
		return err
	}
	e.Create = true
	st, err := e.Store(ctx)
	if err != nil {
		return err
	}
	kv := map[string]string{storage.SettingBaseURL: base}
	for k, v := range map[string]*string{storage.SettingOfficeName: name, storage.SettingOfficePhone: phone, storage.SettingOfficeEmail: email} {
		if *v != "" {
			kv[k] = *v
		}
	}
	if err := st.SetSettings(ctx, e.Actor(), kv); err != nil {
		return err
	}
	fmt.Fprintf(e.Out, "database: %s\nbase URL: %s\n", e.DBName(), base)
	for _, k := range []string{storage.SettingOfficeName, storage.SettingOfficePhone, storage.SettingOfficeEmail} {
		if v := kv[k]; v != "" {
			fmt.Fprintf(e.Out, "%s: %s\n", k, v)
		}
	}
	return nil
}
