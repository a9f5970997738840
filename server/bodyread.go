package server

import (
	"errors"
	"io"
	"net"
	"net/http"
	"os"
)

// BodyReadFailure returns the status and message for a request body that
// could not be read. The message never carries the error's text: a
// *net.OpError names the server's and the client's socket addresses.
func BodyReadFailure(err error) (int, string) {
	var ne net.Error
	if errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return http.StatusRequestTimeout, "the request body arrived too slowly: send it again, whole"
	}
	return http.StatusBadRequest, "the request body could not be read whole (the connection broke off)"
}

// IsReadError reports whether err is a failure to read a body (a broken or
// slow connection), not a fault of its content.
func IsReadError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, os.ErrDeadlineExceeded)
}
