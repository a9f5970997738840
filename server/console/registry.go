package console

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func (c *Console) registryRoutes() {
	c.handle("GET", "/facilities/new", roleOffice, c.facilityForm)
	c.handle("POST", "/facilities/new", roleOffice, c.facilitySave)
	c.handle("GET", "/facilities/{code}/edit", roleOffice, c.facilityForm)
	c.handle("POST", "/facilities/{code}/edit", roleOffice, c.facilitySave)
	c.handle("GET", "/products/new", roleOffice, c.productForm)
	c.handle("POST", "/products/new", roleOffice, c.productSave)
	c.handle("GET", "/products/{number}/edit", roleOffice, c.productForm)
	c.handle("POST", "/products/{number}/edit", roleOffice, c.productSave)
	c.handle("GET", "/certifications/new", roleOffice, c.certForm)
	c.handle("POST", "/certifications/new", roleOffice, c.certSave)
	c.handle("GET", "/certifications/{id}/edit", roleOffice, c.certEditForm)
	c.handle("POST", "/certifications/{id}/edit", roleOffice, c.certEdit)
	c.handle("GET", "/points-of-sale/new", roleOffice, c.posForm)
	c.handle("POST", "/points-of-sale/new", roleOffice, c.posSave)
	c.handle("GET", "/points-of-sale/{id}/edit", roleOffice, c.posForm)
	c.handle("POST", "/points-of-sale/{id}/edit", roleOffice, c.posSave)
	c.handle("GET", "/import", roleOffice, c.importForm)
	c.handle("POST", "/import", roleOffice, c.importUpload)
}

// communeOptions lists the communes and wards the office loaded, for the
// commune code select.
func (c *Console) communeOptions(r *http.Request, t map[string]string) ([]option, error) {
	cs, err := c.d.Store.Communes(r.Context())
	if err != nil {
		return nil, err
	}
	opts := []option{{"", t["choose"]}}
	for _, cm := range cs {
		opts = append(opts, option{cm.Code, cm.Kind + " " + cm.Name + " (" + cm.FormerDistrict + ") · " + cm.Code})
	}
	return opts, nil
}

func districtOptions(t map[string]string) []option {
	opts := []option{{"", t["choose"]}}
	for _, d := range stamp.Districts {
		opts = append(opts, option{d, d})
	}
	return opts
}

// facilityPage is the facility form; code is "" for a new facility.
func (c *Console) facilityPage(r *http.Request, t map[string]string, code string) (*formPage, error) {
	communes, err := c.communeOptions(r, t)
	if err != nil {
		return nil, err
	}
	p := &formPage{Heading: t["addFacility"], Action: Prefix + "/facilities/new", Submit: t["save"], Back: Prefix + "/facilities",
		Fields: []fieldSpec{
			{Name: "code", Label: t["code"], Required: true, Hint: t["codeHint"], Keys: []string{"code"}},
			{Name: "name", Label: t["name"], Required: true, Keys: []string{"name"}},
			{Name: "kind", Label: t["kind"], Hint: t["kindHint"]},
			{Name: "commune_code", Label: t["communeCode"], Kind: "select", Options: communes, Hint: t["communeCodeHint"], Keys: []string{"commune"}},
			{Name: "district", Label: t["district"], Kind: "select", Options: districtOptions(t), Keys: []string{"district"}},
			{Name: "commune", Label: t["communeName"]},
			{Name: "address", Label: t["address"]},
			{Name: "phone", Label: t["phone"], Kind: "tel"},
			{Name: "representative", Label: t["representative"]},
		}}
	if code != "" {
		p.Heading, p.Action = t["editFacility"]+" "+code, Prefix+"/facilities/"+url.PathEscape(code)+"/edit"
		p.Fields[0].Readonly, p.Fields[0].Hint = true, t["codeFixed"]
	}
	return p, nil
}

func (c *Console) facilityForm(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	code := r.PathValue("code")
	p, err := c.facilityPage(r, t, code)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	if code != "" {
		f, err := c.d.Store.Facility(r.Context(), code)
		if err != nil {
			c.failErr(w, r, s, err)
			return
		}
		setValues(p, map[string]string{"code": f.Code, "name": f.Name, "kind": f.Kind, "district": f.District, "commune_code": f.CommuneCode,
			"commune": f.Commune, "address": f.Address, "phone": f.Phone, "representative": f.Representative})
	}
	c.showForm(w, r, s, http.StatusOK, p)
}

func setValues(p *formPage, v map[string]string) {
	for i := range p.Fields {
		p.Fields[i].Value = v[p.Fields[i].Name]
	}
}

func (c *Console) facilitySave(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	code := r.PathValue("code")
	p, err := c.facilityPage(r, t, code)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	fill(p, r)
	p.required(t)
	if p.hasErrors() {
		c.showForm(w, r, s, http.StatusBadRequest, p)
		return
	}
	f := stamp.Facility{Code: p.value("code"), Name: p.value("name"), Kind: p.value("kind"), District: p.value("district"),
		CommuneCode: p.value("commune_code"), Commune: p.value("commune"), Address: p.value("address"), Phone: p.value("phone"), Representative: p.value("representative")}
	if code == "" {
		_, err = c.d.Office.AddFacility(r.Context(), who(s), f)
	} else {
		f.Code = code
		_, err = c.d.Office.EditFacility(r.Context(), who(s), code, func(old *stamp.Facility) {
			f.CreatedAt, f.UpdatedAt = old.CreatedAt, old.UpdatedAt
			*old = f
		})
	}
	if err != nil {
		c.refused(w, r, s, p, err)
		return
	}
	done(w, r, Prefix+"/facilities?q="+url.QueryEscape(f.Code), "saved")
}

func (c *Console) productPage(r *http.Request, t map[string]string, number string) (*formPage, error) {
	facs, err := c.d.Store.Facilities(r.Context())
	if err != nil {
		return nil, err
	}
	fopts := []option{{"", t["choose"]}}
	for _, f := range facs {
		fopts = append(fopts, option{f.Code, f.Code + " · " + f.Name})
	}
	gopts := []option{{"", t["choose"]}}
	for _, g := range stamp.ProductGroups {
		gopts = append(gopts, option{g, g})
	}
	p := &formPage{Heading: t["addProduct"], Action: Prefix + "/products/new", Submit: t["save"], Back: Prefix + "/products",
		Fields: []fieldSpec{
			{Name: "number", Label: t["number"], Kind: "number", Required: true, Hint: t["numberHint"], Keys: []string{"product number", "exists", "already"}},
			{Name: "facility", Label: t["facility"], Kind: "select", Required: true, Options: fopts, Keys: []string{"facility"}},
			{Name: "name", Label: t["name"], Required: true, Keys: []string{"name"}},
			{Name: "group", Label: t["group"], Kind: "select", Required: true, Options: gopts, Keys: []string{"group"}},
			{Name: "gtin", Label: t["gtin"], Hint: t["gtinHint"], Keys: []string{"gtin"}},
			{Name: "description", Label: t["description"], Kind: "textarea"},
		}}
	if number != "" {
		p.Heading, p.Action = t["editProduct"]+" "+number, Prefix+"/products/"+number+"/edit"
		p.Fields[0].Readonly, p.Fields[0].Hint = true, t["numberFixed"]
	}
	return p, nil
}

func (c *Console) productForm(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	number := r.PathValue("number")
	p, err := c.productPage(r, t, number)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	if number != "" {
		n, err := strconv.ParseUint(number, 10, 32)
		if err != nil {
			c.fail(w, r, s, http.StatusNotFound, t["notFound"])
			return
		}
		pr, err := c.d.Store.Product(r.Context(), uint32(n))
		if err != nil {
			c.failErr(w, r, s, err)
			return
		}
		setValues(p, map[string]string{"number": number, "facility": pr.FacilityCode, "name": pr.Name, "group": pr.Group,
			"gtin": pr.GTIN, "description": pr.Description})
	}
	c.showForm(w, r, s, http.StatusOK, p)
}

func (c *Console) productSave(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	number := r.PathValue("number")
	p, err := c.productPage(r, t, number)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	fill(p, r)
	p.required(t)
	n, perr := strconv.ParseUint(p.value("number"), 10, 32)
	if number != "" {
		n, perr = strconv.ParseUint(number, 10, 32)
	}
	if (perr != nil || n == 0) && p.value("number") != "" {
		p.setErr("number", t["badNumber"])
	}
	if p.hasErrors() {
		c.showForm(w, r, s, http.StatusBadRequest, p)
		return
	}
	pr := stamp.Product{Number: uint32(n), FacilityCode: p.value("facility"), Name: p.value("name"), Group: p.value("group"),
		GTIN: p.value("gtin"), Description: p.value("description")}
	if number == "" {
		_, err = c.d.Office.AddProduct(r.Context(), who(s), pr)
	} else {
		_, err = c.d.Office.EditProduct(r.Context(), who(s), uint32(n), func(old *stamp.Product) {
			pr.CreatedAt, pr.UpdatedAt = old.CreatedAt, old.UpdatedAt
			*old = pr
		})
	}
	if err != nil {
		c.refused(w, r, s, p, err)
		return
	}
	done(w, r, Prefix+"/products?q="+strconv.FormatUint(n, 10), "saved")
}

func rankOptions(t map[string]string) []option {
	return []option{{"", t["choose"]}, {"0", t["participating"]}, {"3", rankText(t, 3)}, {"4", rankText(t, 4)}, {"5", rankText(t, 5)}}
}

func (c *Console) certPage(r *http.Request, t map[string]string) (*formPage, error) {
	ps, err := c.d.Store.Products(r.Context())
	if err != nil {
		return nil, err
	}
	popts := []option{{"", t["choose"]}}
	for _, p := range ps {
		popts = append(popts, option{strconv.FormatUint(uint64(p.Number), 10), strconv.FormatUint(uint64(p.Number), 10) + " · " + p.Name})
	}
	return &formPage{Heading: t["addCertification"], Action: Prefix + "/certifications/new", Submit: t["save"], Back: Prefix + "/certifications",
		Fields: []fieldSpec{
			{Name: "product", Label: t["product"], Kind: "select", Required: true, Options: popts, Keys: []string{"product"}},
			{Name: "rank", Label: t["rank"], Kind: "select", Required: true, Options: rankOptions(t), Keys: []string{"rank"}},
			{Name: "decision", Label: t["decisionNumber"], Required: true, Keys: []string{"decision number"}},
			{Name: "decision_date", Label: t["decisionDate"], Kind: "date", Required: true, Keys: []string{"decision date"}},
			{Name: "expires", Label: t["expires"], Kind: "date", Hint: t["expiresHint"], Keys: []string{"expir"}},
			{Name: "process", Label: t["process"]},
			{Name: "lab_test", Label: t["labTest"], Kind: "date"},
			{Name: "declaration", Label: t["declaration"], Kind: "date"},
		}}, nil
}

// dates parses the date fields of p, marking the bad ones.
func dates(p *formPage, t map[string]string, names ...string) map[string]stamp.Date {
	out := map[string]stamp.Date{}
	for _, n := range names {
		v := p.value(n)
		if v == "" {
			continue
		}
		d, err := stamp.ParseDate(v)
		if err != nil {
			p.setErr(n, t["badDateField"])
			continue
		}
		out[n] = d
	}
	return out
}

func (c *Console) certForm(w http.ResponseWriter, r *http.Request, s *session) {
	p, err := c.certPage(r, c.words(r))
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	if n := r.URL.Query().Get("product"); n != "" {
		p.Fields[0].Value = n
	}
	c.showForm(w, r, s, http.StatusOK, p)
}

func (c *Console) certSave(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	p, err := c.certPage(r, t)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	fill(p, r)
	p.required(t)
	ds := dates(p, t, "decision_date", "expires", "lab_test", "declaration")
	n, _ := strconv.ParseUint(p.value("product"), 10, 32)
	rank, _ := strconv.Atoi(p.value("rank"))
	if p.hasErrors() {
		c.showForm(w, r, s, http.StatusBadRequest, p)
		return
	}
	ct := stamp.Certification{ProductNumber: uint32(n), Rank: stamp.Rank(rank), DecisionNumber: p.value("decision"),
		DecisionDate: ds["decision_date"], ExpiresOn: ds["expires"], ProcessConfirmed: p.value("process"),
		LabTestDate: ds["lab_test"], DeclarationDate: ds["declaration"], Status: stamp.CertValid}
	if _, err := c.d.Office.AddCertification(r.Context(), who(s), ct); err != nil {
		c.refused(w, r, s, p, err)
		return
	}
	done(w, r, Prefix+"/certifications?q="+url.QueryEscape(ct.DecisionNumber), "saved")
}

// certEditPage changes a certification's status (with a reason) and rank.
func (c *Console) certEditPage(r *http.Request, t map[string]string) (*formPage, *stamp.Certification, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, nil, stamp.Errorf(stamp.ENotFound, "no such certification")
	}
	ct, err := c.d.Store.Certification(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	p := &formPage{Heading: t["editCertification"] + " " + ct.DecisionNumber, Action: Prefix + "/certifications/" + r.PathValue("id") + "/edit",
		Submit: t["save"], Back: Prefix + "/certifications", Intro: t["editCertificationIntro"],
		Fields: []fieldSpec{
			{Name: "status", Label: t["status"], Kind: "select", Required: true, Options: []option{
				{stamp.CertValid, t["cert.valid"]}, {stamp.CertSuspended, t["cert.suspended"]}, {stamp.CertWithdrawn, t["cert.withdrawn"]}}},
			{Name: "reason", Label: t["reason"], Kind: "textarea", Hint: t["reasonHint"], Keys: []string{"reason"}},
			{Name: "rank", Label: t["rank"], Kind: "select", Required: true, Options: rankOptions(t)[1:], Keys: []string{"rank"}},
		}}
	return p, ct, nil
}

func (c *Console) certEditForm(w http.ResponseWriter, r *http.Request, s *session) {
	p, ct, err := c.certEditPage(r, c.words(r))
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	setValues(p, map[string]string{"status": ct.Status, "reason": ct.StatusReason, "rank": strconv.Itoa(int(ct.Rank))})
	c.showForm(w, r, s, http.StatusOK, p)
}

func (c *Console) certEdit(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	p, ct, err := c.certEditPage(r, t)
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	fill(p, r)
	p.required(t)
	if p.hasErrors() {
		c.showForm(w, r, s, http.StatusBadRequest, p)
		return
	}
	ctx := r.Context()
	if st := p.value("status"); st != ct.Status || (st != stamp.CertValid && p.value("reason") != ct.StatusReason) {
		_, err = c.d.Office.SetCertificationStatus(ctx, who(s), ct.ID, st, p.value("reason"))
	}
	if rank, _ := strconv.Atoi(p.value("rank")); err == nil && stamp.Rank(rank) != ct.Rank {
		_, err = c.d.Office.SetCertificationRank(ctx, who(s), ct.ID, stamp.Rank(rank))
	}
	if err != nil {
		c.refused(w, r, s, p, err)
		return
	}
	done(w, r, Prefix+"/certifications?q="+url.QueryEscape(ct.DecisionNumber), "saved")
}

func (c *Console) posPage(r *http.Request, t map[string]string, id string) (*formPage, error) {
	communes, err := c.communeOptions(r, t)
	if err != nil {
		return nil, err
	}
	p := &formPage{Heading: t["addPointOfSale"], Action: Prefix + "/points-of-sale/new", Submit: t["save"], Back: Prefix + "/points-of-sale",
		Fields: []fieldSpec{
			{Name: "name", Label: t["name"], Required: true, Keys: []string{"name"}},
			{Name: "commune_code", Label: t["communeCode"], Kind: "select", Options: communes, Hint: t["communeCodeHint"], Keys: []string{"commune"}},
			{Name: "district", Label: t["district"], Kind: "select", Options: districtOptions(t), Keys: []string{"district"}},
			{Name: "commune", Label: t["communeName"]},
			{Name: "address", Label: t["address"]},
			{Name: "phone", Label: t["phone"], Kind: "tel"},
		}}
	if id != "" {
		p.Heading, p.Action = t["editPointOfSale"], Prefix+"/points-of-sale/"+id+"/edit"
	}
	return p, nil
}

func (c *Console) posForm(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	id := r.PathValue("id")
	p, err := c.posPage(r, t, id)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	if id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			c.fail(w, r, s, http.StatusNotFound, t["notFound"])
			return
		}
		ps, err := c.d.Office.PointOfSale(r.Context(), n)
		if err != nil {
			c.failErr(w, r, s, err)
			return
		}
		setValues(p, map[string]string{"name": ps.Name, "district": ps.District, "commune_code": ps.CommuneCode, "commune": ps.Commune, "address": ps.Address, "phone": ps.Phone})
	}
	c.showForm(w, r, s, http.StatusOK, p)
}

func (c *Console) posSave(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	id := r.PathValue("id")
	p, err := c.posPage(r, t, id)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	fill(p, r)
	p.required(t)
	if p.hasErrors() {
		c.showForm(w, r, s, http.StatusBadRequest, p)
		return
	}
	ps := stamp.PointOfSale{Name: p.value("name"), District: p.value("district"), CommuneCode: p.value("commune_code"), Commune: p.value("commune"),
		Address: p.value("address"), Phone: p.value("phone")}
	if id == "" {
		_, err = c.d.Office.AddPointOfSale(r.Context(), who(s), ps)
	} else {
		n, perr := strconv.ParseInt(id, 10, 64)
		if perr != nil {
			c.fail(w, r, s, http.StatusNotFound, t["notFound"])
			return
		}
		_, err = c.d.Office.EditPointOfSale(r.Context(), who(s), n, func(old *stamp.PointOfSale) {
			ps.ID, ps.CreatedAt, ps.UpdatedAt = old.ID, old.CreatedAt, old.UpdatedAt
			*old = ps
		})
	}
	if err != nil {
		c.refused(w, r, s, p, err)
		return
	}
	done(w, r, Prefix+"/points-of-sale?q="+url.QueryEscape(ps.Name), "saved")
}
