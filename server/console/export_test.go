package console

// Words returns the Vietnamese and English wording, for the test that
// checks both have every word.
func Words() (vi, en map[string]string) { return wordsVI, wordsEN }
