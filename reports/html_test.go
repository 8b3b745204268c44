package reports_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/reports"
	"golang.org/x/net/html"
)

// page is conformance.html parsed.
type page struct {
	root *html.Node
	ids  map[string]*html.Node
}

func parsePage(t *testing.T, data []byte) page {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("conformance.html: got %v parsing it, want HTML", err)
	}
	p := page{root: root, ids: map[string]*html.Node{}}
	p.walk(func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			if _, dup := p.ids[id]; dup {
				t.Errorf("conformance.html: id %q twice, want ids unique (links and copy buttons use them)", id)
			}
			p.ids[id] = n
		}
	})
	return p
}

func (p page) walk(f func(*html.Node)) {
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		f(n)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(p.root)
}

func attr(n *html.Node, name string) string {
	if n.Type != html.ElementNode {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// text is the text under n, as a reader sees it.
func text(n *html.Node) string {
	var b strings.Builder
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	return b.String()
}

// externalLoads lists anything in the page that would load from
// elsewhere: a src, an href with a scheme or to another host, a <link>, a
// <base>, an @import or url() in a style, an <object>, <embed> or <iframe>.
func externalLoads(p page) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	p.walk(func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "link", "base", "object", "embed", "iframe", "frame", "img", "audio", "video", "source", "track":
			bad("a <%s> element", n.Data)
		case "style", "script":
			body := strings.ToLower(text(n))
			for _, bad := range []string{"@import", "url(", "http://", "https://", "fetch(", "xmlhttprequest", "@font-face"} {
				if strings.Contains(body, bad) {
					out = append(out, fmt.Sprintf("<%s> holds %q", n.Data, bad))
				}
			}
		}
		for _, a := range n.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			switch a.Key {
			case "src", "srcset", "data", "poster", "background", "xlink:href", "formaction", "action":
				bad("<%s %s=%q>", n.Data, a.Key, a.Val)
			case "href":
				if strings.Contains(v, ":") || strings.HasPrefix(v, "//") {
					bad("<%s href=%q>: not in the page nor beside it", n.Data, a.Val)
				}
			case "style":
				if strings.Contains(v, "url(") {
					bad("<%s style=%q>", n.Data, a.Val)
				}
			}
		}
	})
	return out
}

// TestExternalLoadsFindsThem guards the self-containment check itself:
// pages that load from outside are caught, each way.
func TestExternalLoadsFindsThem(t *testing.T) {
	for _, tt := range []struct{ name, doc string }{
		{"stylesheet", `<link rel="stylesheet" href="https://cdn.example/x.css">`},
		{"script src", `<script src="https://cdn.example/x.js"></script>`},
		{"font", `<style>@font-face { font-family: x; src: url(https://fonts.example/x.woff2) }</style>`},
		{"import", `<style>@import "https://cdn.example/x.css";</style>`},
		{"image", `<img src="data:image/png;base64,AAAA">`},
		{"svg image", `<svg><image href="https://x.example/a.png"></image></svg>`},
		{"style attribute", `<div style="background: url(https://x.example/a.png)"></div>`},
		{"fetch", `<script>fetch("https://x.example/")</script>`},
	} {
		if got := externalLoads(parsePage(t, []byte(tt.doc))); len(got) == 0 {
			t.Errorf("%s: externalLoads(%q) found nothing, want the load", tt.name, tt.doc)
		}
	}
}

// TestHTMLHasEveryRuleAndFinding: conformance.html of a failing run has a
// row per rule, an article per finding with its summary, request,
// response and reproduction, copy buttons bound to what they copy, the
// charts, working in-page links, the secret nowhere, and nothing loaded
// from outside.
func TestHTMLHasEveryRuleAndFinding(t *testing.T) {
	for _, tt := range []struct {
		name, reason string
		target       conformance.Target
	}{
		{"accepts everything", "rejects-invalid and upsert-identity findings, bodies past 8 KB", served(t, alwaysSuccess)},
		{"conformant", "no finding: the page says so and still has every rule", conformance.Handler(newEmulator)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, dir, _ := check(t, tt.target, conformance.WithBudget(30), withReplay("conformance replay"))
			data := readFile(t, filepath.Join(dir, reports.HTMLFile))
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("conformance.html (%s): got the secret header value, want it redacted", tt.reason)
			}
			p := parsePage(t, data)
			if loads := externalLoads(p); len(loads) > 0 {
				t.Errorf("conformance.html: got %q, want nothing loaded from outside", loads)
			}

			// The verdict first.
			var first *html.Node
			p.walk(func(n *html.Node) {
				if first == nil && n.Type == html.ElementNode && n.Data == "header" {
					first = n
				}
			})
			if first == nil || attr(first, "id") != "verdict" || !strings.Contains(text(first), string(res.Verdict)) {
				t.Errorf("conformance.html: the first header is not the verdict %q", res.Verdict)
			}
			for _, r := range res.Rules {
				row := p.ids["rule-"+string(r.ID)]
				if row == nil {
					t.Errorf("conformance.html: no row for rule %s", r.ID)
					continue
				}
				cells := text(row)
				for _, want := range []string{string(r.ID), string(r.Status)} {
					if !strings.Contains(cells, want) {
						t.Errorf("conformance.html row %s: got %q, want %q in it", r.ID, cells, want)
					}
				}
			}
			files := reports.Files(res)
			for i, f := range res.Findings {
				art := p.ids["finding-"+files[i].Name]
				if art == nil {
					t.Errorf("conformance.html: no article for finding %s", files[i].Name)
					continue
				}
				body := text(art)
				for _, want := range []string{f.Summary, f.Case, f.Request.Method + " " + f.Request.URL, "X-Api-Token: REDACTED", files[i].Request} {
					if !strings.Contains(body, want) {
						t.Errorf("conformance.html finding %s: no %.100q in it", files[i].Name, want)
					}
				}
				if f.Response != nil && !strings.Contains(body, f.Response.Headers["Content-Type"][0]) {
					t.Errorf("conformance.html finding %s: no response Content-Type", files[i].Name)
				}
				curl := p.ids["curl-"+strconv.Itoa(i+1)]
				if curl == nil || !strings.HasPrefix(text(curl), "curl ") && !strings.HasPrefix(text(curl), "for i in ") {
					t.Errorf("conformance.html finding %s: no curl line to copy", files[i].Name)
				}
				replay := p.ids["replay-"+strconv.Itoa(i+1)]
				if want := "conformance replay " + filepath.Join(dir, reports.JSONFile) + " " + files[i].Name; replay == nil || text(replay) != want {
					t.Errorf("conformance.html finding %s: replay line %v, want %q (the run's own command, the report by its path)", files[i].Name, replay, want)
				}
			}
			if len(res.Findings) > 0 && p.ids["findings"] == nil {
				t.Errorf("conformance.html: no findings section")
			}
			svgs, buttons := 0, 0
			p.walk(func(n *html.Node) {
				if n.Type != html.ElementNode {
					return
				}
				switch n.Data {
				case "svg":
					svgs++
				case "button":
					buttons++
					if target := attr(n, "data-copy"); p.ids[target] == nil {
						t.Errorf("conformance.html: copy button for %q, which is not in the page", target)
					}
				case "a":
					if h := attr(n, "href"); strings.HasPrefix(h, "#") && p.ids[h[1:]] == nil {
						t.Errorf("conformance.html: link to %s, which is not in the page", h)
					}
				}
			})
			wantSVG := 2 // requests per property, latency
			if res.FirstFinding != nil {
				wantSVG = 3 // and time to first finding
			}
			if svgs != wantSVG {
				t.Errorf("conformance.html (%s): got %d inline SVG charts, want %d", tt.reason, svgs, wantSVG)
			}
			if wantButtons := 1 + 2*len(res.Findings); buttons < wantButtons {
				t.Errorf("conformance.html: got %d copy buttons, want at least %d (the run, each curl line, each replay)", buttons, wantButtons)
			}
		})
	}
}

// withReplay sets the command that replays a finding, as the CLI and the
// suite do.
func withReplay(cmd string) conformance.Option {
	return func(c *conformance.Config) { c.Replay = cmd }
}

// TestHTMLReplayIsTheRunsOwn guards the replay line of conformance.html:
// the command the run was started with (the result's replay command), never
// a fixed `go run …@latest`, and none for a run through the Go API, which
// no command started.
func TestHTMLReplayIsTheRunsOwn(t *testing.T) {
	for _, tt := range []struct {
		name, reason string
		replay       string
		want         string // the replay line's start; "": none
	}{
		{"from a clone", "go run ./cmd/conformance", "go run ./cmd/conformance replay", "go run ./cmd/conformance replay "},
		{"installed", "the binary's name", "conformance replay", "conformance replay "},
		{"Go API", "no command started the run", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, dir, _ := check(t, conformance.Handler(alwaysSuccess), withReplay(tt.replay))
			data := string(readFile(t, filepath.Join(dir, reports.HTMLFile)))
			if strings.Contains(data, "@latest") {
				t.Errorf("conformance.html (%s): got @latest, which reruns whatever was released last", tt.reason)
			}
			replay := parsePage(t, []byte(data)).ids["replay-1"]
			switch {
			case tt.want == "" && replay != nil:
				t.Errorf("conformance.html (%s): got a replay line %q, want none", tt.reason, text(replay))
			case tt.want != "" && (replay == nil || !strings.HasPrefix(text(replay), tt.want)):
				t.Errorf("conformance.html (%s): replay line %v, want it to start %q", tt.reason, replay, tt.want)
			}
		})
	}
}
