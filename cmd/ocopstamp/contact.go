package main

import (
	"context"
	"flag"
	"fmt"
)

// cmdContact prints the office contact stored in the database, or changes
// the fields given (--name, --phone, --email; an empty value clears one).
// Consumers see it on the lookup pages and the report form once `serve`
// restarts.
func cmdContact(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("[--name N] [--phone P] [--email E]")
	name := fs.String("name", "", "office name shown to consumers")
	phone := fs.String("phone", "", "office phone shown to consumers (a tel: link on the report form)")
	email := fs.String("email", "", "office e-mail shown to consumers")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	c, err := off.Contact(ctx)
	if err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	change := given["name"] || given["phone"] || given["email"]
	if change {
		for name, v := range map[string]struct {
			field *string
			value string
		}{"name": {&c.Name, *name}, "phone": {&c.Phone, *phone}, "email": {&c.Email, *email}} {
			if given[name] {
				*v.field = v.value
			}
		}
		if c, err = off.SetContact(ctx, e.Who(), c); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.Out, "name: %s\nphone: %s\ne-mail: %s\n", c.Name, c.Phone, c.Email)
	if change {
		fmt.Fprintln(e.Err, "ocopstamp contact: restart 'ocopstamp serve' to show it to consumers")
	}
	return nil
}
