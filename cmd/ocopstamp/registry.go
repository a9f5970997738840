package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Registry entries one at a time: "ocopstamp facility|product|pos
// add|edit|list". add takes every field as a flag; edit changes only the
// flags given. The writes are office's use cases (the admin API's too):
// the CSV import's checks, audited with the CLI's actor.

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// registryArgs parses add|edit|list with the fields as flags and returns the
// subcommand, the other positional arguments, the flag values and which
// were given.
func registryArgs(e *Env, usage string, fields []string, help map[string]string, args []string) (string, []string, map[string]*string, map[string]bool, error) {
	fs := e.flags(usage)
	vals := map[string]*string{}
	for _, name := range fields {
		vals[name] = fs.String(name, "", help[name])
	}
	pos, err := e.parse(fs, args)
	if err != nil {
		return "", nil, nil, nil, err
	}
	if len(pos) == 0 {
		return "", nil, nil, nil, usagef("want add, edit or list")
	}
	if pos[0] != "add" && pos[0] != "edit" && pos[0] != "list" {
		return "", nil, nil, nil, usagef("unknown command %q: want add, edit or list", pos[0])
	}
	return pos[0], pos[1:], vals, setFlags(fs), nil
}

// apply copies the given flags into the fields of an entry.
func apply(set map[string]bool, vals map[string]*string, dst map[string]*string) {
	for name, p := range dst {
		if set[name] {
			*p = *vals[name]
		}
	}
}

func cmdFacility(ctx context.Context, e *Env, args []string) error {
	fields := []string{"code", "name", "kind", "commune_code", "district", "commune", "address", "phone", "representative"}
	help := map[string]string{"code": "registry code, e.g. HT-CS-0001 (add)", "name": "name", "kind": "hợp tác xã, doanh nghiệp, hộ kinh doanh, …",
		"commune_code": "administrative unit code of the commune or ward (see import communes)",
		"district":     "former district, e.g. \"Hương Khê\" (filled from the commune code)", "commune": "commune or ward name (filled from the commune code)", "address": "address", "phone": "phone", "representative": "representative"}
	sub, rest, vals, set, err := registryArgs(e, "add --code C --name N --commune_code 12345 [...] | edit CODE [--field value ...] | list [--district D]", fields, help, args)
	if err != nil {
		return err
	}
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	st := off.Store
	var f stamp.Facility
	dst := map[string]*string{"code": &f.Code, "name": &f.Name, "kind": &f.Kind, "commune_code": &f.CommuneCode, "district": &f.District, "commune": &f.Commune,
		"address": &f.Address, "phone": &f.Phone, "representative": &f.Representative}
	switch sub {
	case "list":
		if len(rest) > 0 {
			return usagef("unexpected argument %q", rest[0])
		}
		fs, err := st.Facilities(ctx)
		if err != nil {
			return err
		}
		district, err := districtFilter(set, vals)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(termSafe(e.Out), 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tNAME\tKIND\tCOMMUNE CODE\tCOMMUNE\tFORMER DISTRICT\tPHONE")
		for _, x := range fs {
			if district == "" || x.District == district {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x.Code, x.Name, x.Kind, x.CommuneCode, x.Commune, x.District, x.Phone)
			}
		}
		return tw.Flush()
	case "add":
		if len(rest) > 0 {
			return usagef("unexpected argument %q", rest[0])
		}
		apply(set, vals, dst)
		got, err := off.AddFacility(ctx, e.Who(), f)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "added facility %s (%s, %s)\n", got.Code, got.Name, got.District)
		return nil
	case "edit":
		if len(rest) != 1 {
			return usagef("want the code of the facility to edit")
		}
		if set["code"] {
			return usagef("a facility's code cannot change")
		}
		got, err := off.EditFacility(ctx, e.Who(), rest[0], func(x *stamp.Facility) {
			f = *x
			apply(set, vals, dst)
			*x = f
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "updated facility %s\n", got.Code)
		return nil
	}
	return usagef("unknown facility command %q: want add, edit or list", sub)
}

// districtFilter returns the canonical --district given to list, or "".
func districtFilter(set map[string]bool, vals map[string]*string) (string, error) {
	if !set["district"] {
		return "", nil
	}
	d, err := stamp.ParseDistrict(*vals["district"])
	if err != nil {
		return "", usageFrom(err)
	}
	return d, nil
}

func cmdProduct(ctx context.Context, e *Env, args []string) error {
	fields := []string{"number", "facility", "name", "group", "gtin", "description"}
	help := map[string]string{"number": "registry number, 1..4294967295: every stamp carries it (add)", "facility": "facility code",
		"name": "name", "group": "product group: " + strings.Join(stamp.ProductGroups, "; "), "gtin": "GS1 GTIN-8/12/13/14 (optional)",
		"description": "description"}
	sub, rest, vals, set, err := registryArgs(e, "add --number N --facility C --name N --group G [...] | edit NUMBER [--field value ...] | list [--facility C]", fields, help, args)
	if err != nil {
		return err
	}
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	st := off.Store
	var p stamp.Product
	dst := map[string]*string{"facility": &p.FacilityCode, "name": &p.Name, "group": &p.Group, "gtin": &p.GTIN, "description": &p.Description}
	switch sub {
	case "list":
		if len(rest) > 0 {
			return usagef("unexpected argument %q", rest[0])
		}
		ps, err := st.Products(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(termSafe(e.Out), 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NUMBER\tFACILITY\tNAME\tGROUP\tGTIN")
		for _, x := range ps {
			if !set["facility"] || x.FacilityCode == *vals["facility"] {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", x.Number, x.FacilityCode, x.Name, x.Group, x.GTIN)
			}
		}
		return tw.Flush()
	case "add":
		if len(rest) > 0 {
			return usagef("unexpected argument %q", rest[0])
		}
		if !set["number"] {
			return usagef("--number is required")
		}
		n, err := productNumber(*vals["number"])
		if err != nil {
			return err
		}
		p.Number = n
		apply(set, vals, dst)
		got, err := off.AddProduct(ctx, e.Who(), p)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "added product %d (%s) of facility %s\n", got.Number, got.Name, got.FacilityCode)
		return nil
	case "edit":
		if len(rest) != 1 {
			return usagef("want the number of the product to edit")
		}
		if set["number"] {
			return usagef("a product's number cannot change (its stamps carry it)")
		}
		n, err := productNumber(rest[0])
		if err != nil {
			return err
		}
		got, err := off.EditProduct(ctx, e.Who(), n, func(x *stamp.Product) {
			p = *x
			apply(set, vals, dst)
			*x = p
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "updated product %d\n", got.Number)
		return nil
	}
	return usagef("unknown product command %q: want add, edit or list", sub)
}

func cmdPointOfSale(ctx context.Context, e *Env, args []string) error {
	fields := []string{"name", "commune_code", "district", "commune", "address", "phone"}
	help := map[string]string{"name": "name of the showroom or shop", "commune_code": "administrative unit code of the commune or ward",
		"district": "former district, e.g. \"Hương Khê\" (filled from the commune code)", "commune": "commune or ward name (filled from the commune code)",
		"address": "address", "phone": "phone"}
	sub, rest, vals, set, err := registryArgs(e, "add --name N --commune_code 12345 [...] | edit ID [--field value ...] | list [--district D]", fields, help, args)
	if err != nil {
		return err
	}
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	st := off.Store
	var p stamp.PointOfSale
	dst := map[string]*string{"name": &p.Name, "commune_code": &p.CommuneCode, "district": &p.District, "commune": &p.Commune, "address": &p.Address, "phone": &p.Phone}
	switch sub {
	case "list":
		if len(rest) > 0 {
			return usagef("unexpected argument %q", rest[0])
		}
		district, err := districtFilter(set, vals)
		if err != nil {
			return err
		}
		ps, err := st.PointsOfSale(ctx, district)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(termSafe(e.Out), 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCOMMUNE CODE\tCOMMUNE\tFORMER DISTRICT\tADDRESS\tPHONE")
		for _, x := range ps {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", x.ID, x.Name, x.CommuneCode, x.Commune, x.District, x.Address, x.Phone)
		}
		return tw.Flush()
	case "add":
		if len(rest) > 0 {
			return usagef("unexpected argument %q", rest[0])
		}
		apply(set, vals, dst)
		got, err := off.AddPointOfSale(ctx, e.Who(), p)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "added point of sale %d (%s, %s)\n", got.ID, got.Name, got.District)
		return nil
	case "edit":
		if len(rest) != 1 {
			return usagef("want the id of the point of sale to edit (see 'ocopstamp pos list')")
		}
		id, err := strconv.ParseInt(rest[0], 10, 64)
		if err != nil || id <= 0 {
			return usagef("point of sale id %q: want a positive whole number", rest[0])
		}
		_, err = off.EditPointOfSale(ctx, e.Who(), id, func(x *stamp.PointOfSale) {
			p = *x
			apply(set, vals, dst)
			*x = p
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "updated point of sale %d\n", id)
		return nil
	}
	return usagef("unknown pos command %q: want add, edit or list", sub)
}
