package correct

import (
	"net/http"
	"time"
)

// createdAtVariants write the success envelope's created_at in other RFC
// 3339 forms of the emulator's instant. Each is derived from the
// emulator's created_at, which is the same on create and update, so the
// rewritten one is the same too.
func createdAtVariants() []Server {
	return []Server{
		{
			Name:        "created-at-offset",
			Description: "created_at at the UTC offset +05:30 instead of Z (the same instant)",
			New:         createdAt(func(t time.Time) string { return t.In(indiaTime).Format(time.RFC3339Nano) }),
		},
		{
			Name:        "created-at-0-digits",
			Description: "created_at in whole seconds, no fractional part (truncated, in UTC)",
			New:         createdAt(func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z07:00") }),
		},
		{
			Name:        "created-at-3-digits",
			Description: "created_at with exactly 3 fractional digits (milliseconds, truncated, in UTC)",
			New:         createdAt(func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }),
		},
		{
			Name:        "created-at-9-digits",
			Description: "created_at with exactly 9 fractional digits, trailing zeros kept (in UTC)",
			New:         createdAt(func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000Z07:00") }),
		},
	}
}

// indiaTime is UTC+05:30, an offset that is not a whole number of hours.
var indiaTime = time.FixedZone("IST", 5*60*60+30*60)

// createdAt returns servers whose success envelopes carry format(t) as
// created_at, t being the emulator's created_at. Fewer fractional digits
// than the emulator's truncate the instant, as a store that keeps
// milliseconds or seconds would.
func createdAt(format func(t time.Time) string) func() http.Handler {
	return func() http.Handler {
		return rewrite(func(p *response) {
			p.editData(func(data map[string]any) {
				s, _ := data["created_at"].(string)
				if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
					data["created_at"] = format(t)
				}
			})
		})
	}
}

// charsetVariants label the JSON with a media-type parameter.
func charsetVariants() []Server {
	return []Server{{
		Name:        "charset-utf-8",
		Description: "Content-Type: application/json; charset=utf-8 on every response",
		New: func() http.Handler {
			return rewrite(func(p *response) {
				p.header.Set("Content-Type", "application/json; charset=utf-8")
			})
		},
	}}
}
