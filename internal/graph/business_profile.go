package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// BusinessProfile is the public profile of a business phone number as Graph returns it.
// Empty fields are left out by Meta and read as "".
type BusinessProfile struct {
	About             string   `json:"about,omitempty"`
	Address           string   `json:"address,omitempty"`
	Description       string   `json:"description,omitempty"`
	Email             string   `json:"email,omitempty"`
	Vertical          string   `json:"vertical,omitempty"`
	Websites          []string `json:"websites,omitempty"`
	ProfilePictureURL string   `json:"profile_picture_url,omitempty"`
}

// BusinessProfileFields are the fields the client reads for a profile.
const BusinessProfileFields = "about,address,description,email,profile_picture_url,websites,vertical"

// BusinessProfileUpdate is a partial profile write: nil fields are not sent and keep their value
// at Meta. An empty string clears address, description, email or vertical; an empty (non-nil)
// Websites clears the websites. About cannot be empty.
type BusinessProfileUpdate struct {
	About                *string   `json:"about,omitempty"`
	Address              *string   `json:"address,omitempty"`
	Description          *string   `json:"description,omitempty"`
	Email                *string   `json:"email,omitempty"`
	Vertical             *string   `json:"vertical,omitempty"`
	Websites             *[]string `json:"websites,omitempty"`
	ProfilePictureHandle *string   `json:"profile_picture_handle,omitempty"`
}

// Empty reports an update that would change nothing.
func (u BusinessProfileUpdate) Empty() bool {
	return u.About == nil && u.Address == nil && u.Description == nil && u.Email == nil &&
		u.Vertical == nil && u.Websites == nil && u.ProfilePictureHandle == nil
}

// GetBusinessProfile reads a phone number's business profile. Graph answers
// {"data":[{"business_profile":{…}}]} (the spec's examples) or {"data":[{…}]} (Meta's guides);
// both are accepted. A phone number without a profile yields an empty profile.
func (c *Client) GetBusinessProfile(ctx context.Context, phoneNumberID string) (*BusinessProfile, error) {
	return BusinessProfileRead(phoneNumberID).Get(ctx, c)
}

// BusinessProfileRead is the read of GetBusinessProfile.
func BusinessProfileRead(phoneNumberID string) Read[*BusinessProfile] {
	req := getRequest(phoneNumberID+"/whatsapp_business_profile", url.Values{"fields": {BusinessProfileFields}})
	return objectRead(req, func(out *struct {
		Data []json.RawMessage `json:"data"`
	}) (*BusinessProfile, error) {
		p := &BusinessProfile{}
		if len(out.Data) == 0 {
			return p, nil
		}
		var wrapped struct {
			BusinessProfile *BusinessProfile `json:"business_profile"`
		}
		if err := json.Unmarshal(out.Data[0], &wrapped); err != nil {
			return nil, err
		}
		if wrapped.BusinessProfile != nil {
			return wrapped.BusinessProfile, nil
		}
		if err := json.Unmarshal(out.Data[0], p); err != nil {
			return nil, err
		}
		return p, nil
	})
}

// UpdateBusinessProfile writes the fields set in u. Writing the same values twice is harmless, so
// the call is idempotent.
func (c *Client) UpdateBusinessProfile(ctx context.Context, phoneNumberID string, u BusinessProfileUpdate) error {
	body := struct {
		MessagingProduct string `json:"messaging_product"`
		BusinessProfileUpdate
	}{"whatsapp", u}
	return c.Do(ctx, Request{Method: http.MethodPost, Path: phoneNumberID + "/whatsapp_business_profile", Body: body, Idempotent: true}, nil)
}
