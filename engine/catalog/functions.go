package catalog

// functionSpecs declares the built-in function cards. Filled in by the catalog work.
func functionSpecs() []Spec { return nil }
