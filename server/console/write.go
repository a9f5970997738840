package console

// formState is a form as it was sent back: the values typed, an error next
// to each field that has one, and a message above the form.
type formState struct {
	Values  map[string]string
	Errors  map[string]string
	Message string
}

// V returns the value typed into field.
func (f formState) V(field string) string { return f.Values[field] }

// E returns the error of field, "" when none.
func (f formState) E(field string) string { return f.Errors[field] }

// writeRoutes registers the screens that change things.
func (c *Console) writeRoutes() {}

// batchExtras fills what the batch screen offers the office.
func (c *Console) batchExtras(d *batchData) {}
