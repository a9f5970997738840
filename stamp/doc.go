// Package stamp holds the domain of ocopstamp: the OCOP registry types
// (facilities, products, certifications, points of sale), batches and stamps,
// the signed stamp code format v1, the office's signing keys and the minter.
//
// It imports no database, HTTP, cache or PDF code; those live in the storage,
// verify and print packages, which depend on this one.
package stamp
