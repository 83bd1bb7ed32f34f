package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Meta's Resumable Upload API (developers.facebook.com/docs/graph-api/guides/upload) turns a file
// into the handle that template media headers (example.header_handle) and business profile
// pictures (profile_picture_handle) take:
//
//  1. POST /{app-id}/uploads?file_name=…&file_length=…&file_type=… starts an upload session for
//     the access token's app and answers {"id":"upload:<session>"}.
//  2. POST /upload:<session>, the file bytes as the body, the token in an "Authorization: OAuth"
//     header and the byte offset to write at in a file_offset header, answers {"h":"<handle>"}.
//  3. GET /upload:<session> answers {"id":…,"file_offset":<bytes received>}: an interrupted upload
//     goes on from there instead of starting over.
//
// Session ids may carry a signature after "?" ("upload:MTphd…=?sig=ARZ…"); it is a query
// parameter of the session's URL.

// UploadFile is a file for the Resumable Upload API.
type UploadFile struct {
	// Name is the file_name Meta records; handles encode it.
	Name string
	// Type is the MIME type, file_type: Meta takes application/pdf, image/jpeg, image/jpg,
	// image/png and video/mp4.
	Type    string
	Content []byte
}

// UploadMedia uploads file for the app appID, which must be the access token's app, and returns
// the file's handle. When the file data is cut short (a dropped connection, a lost response, a
// server error) it asks the session how many bytes arrived and sends the rest, up to MaxRetries
// times; it never starts over.
func (c *Client) UploadMedia(ctx context.Context, appID string, file UploadFile) (handle string, err error) {
	switch {
	case appID == "":
		return "", errors.New("uploading a file needs the app id of the access token")
	case file.Name == "" || file.Type == "":
		return "", errors.New("uploading a file needs its name and MIME type")
	case len(file.Content) == 0:
		return "", fmt.Errorf("%s is empty: Meta uploads only files of at least one byte", file.Name)
	}
	session, err := c.startUploadSession(ctx, appID, file)
	if err != nil {
		return "", fmt.Errorf("starting the upload of %s: %w", file.Name, err)
	}
	handle, err = c.uploadFileData(ctx, session, file)
	if err != nil {
		return "", fmt.Errorf("uploading %s: %w", file.Name, err)
	}
	return handle, nil
}

// startUploadSession returns the new session's id. Repeating the call after a lost response only
// leaves an unused session behind, so it is idempotent.
func (c *Client) startUploadSession(ctx context.Context, appID string, file UploadFile) (string, error) {
	q := url.Values{
		"file_name":   {file.Name},
		"file_length": {strconv.Itoa(len(file.Content))},
		"file_type":   {file.Type},
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := c.Do(ctx, Request{Method: http.MethodPost, Path: appID + "/uploads", Query: q, Idempotent: true}, &out); err != nil {
		return "", err
	}
	if !strings.HasPrefix(out.ID, "upload:") {
		return "", fmt.Errorf("graph answered the upload session with id %q, not upload:<session>", out.ID)
	}
	return out.ID, nil
}

// uploadFileData sends the file to its session from offset 0 and, after every interruption, from
// the offset the session reports.
func (c *Client) uploadFileData(ctx context.Context, session string, file UploadFile) (string, error) {
	offset := 0
	for resumes := 0; ; {
		handle, reached, err := c.sendFileData(ctx, session, file, offset)
		switch {
		case err == nil && handle != "":
			return handle, nil
		case err != nil && !IsAmbiguous(err):
			return "", err
		case err == nil && reached > offset && reached <= len(file.Content):
			// Graph kept part of the body and said how far it got.
			offset = reached
			continue
		}
		if err == nil {
			err = fmt.Errorf("graph answered file data from offset %d with neither a handle nor progress", offset)
		}
		if resumes >= c.cfg.MaxRetries {
			return "", err
		}
		tflog.Warn(ctx, "resuming interrupted upload", map[string]any{
			"file_name": file.Name, "offset": offset, "file_length": len(file.Content), "attempt": resumes + 1, "error": err.Error(),
		})
		if perr := c.retryPause(ctx, resumes); perr != nil {
			return "", fmt.Errorf("interrupted while waiting to resume: %w", perr)
		}
		resumes++
		if offset, err = c.uploadOffset(ctx, session); err != nil {
			return "", fmt.Errorf("reading how much of the file arrived: %w", err)
		}
		if offset < 0 || offset > len(file.Content) {
			return "", fmt.Errorf("graph reports %d bytes of the %d-byte file received", offset, len(file.Content))
		}
	}
}

// sendFileData posts the file from offset on. Graph answers the handle once every byte has
// arrived, or the session's offset when it kept only part of the body. The call is not repeated
// blindly: after an ambiguous failure, only the session knows how much arrived.
func (c *Client) sendFileData(ctx context.Context, session string, file UploadFile, offset int) (handle string, reached int, err error) {
	path, q := sessionPath(session)
	var out struct {
		H          string `json:"h"`
		FileOffset int    `json:"file_offset"`
	}
	err = c.Do(ctx, Request{
		Method:      http.MethodPost,
		Path:        path,
		Query:       q,
		RawBody:     file.Content[offset:],
		RawBodyType: file.Type,
		Header:      http.Header{"file_offset": {strconv.Itoa(offset)}},
		AuthScheme:  "OAuth",
	}, &out)
	return out.H, out.FileOffset, err
}

// uploadOffset reads how many bytes of the file the session has received.
func (c *Client) uploadOffset(ctx context.Context, session string) (int, error) {
	path, q := sessionPath(session)
	var out struct {
		FileOffset int `json:"file_offset"`
	}
	err := c.Do(ctx, Request{Method: http.MethodGet, Path: path, Query: q, AuthScheme: "OAuth", Idempotent: true}, &out)
	return out.FileOffset, err
}

// sessionPath splits a session id into its node path and the query its signature travels in.
func sessionPath(session string) (string, url.Values) {
	path, rawQuery, found := strings.Cut(session, "?")
	if !found {
		return path, nil
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return session, nil
	}
	return path, q
}
