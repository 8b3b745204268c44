package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/putdestination/conformance/result"

	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
	"go.yaml.in/yaml/v3"
)

// SpecPart is the part of the spec a rule's SpecRef points at, quoted from
// the document the run checked.
type SpecPart struct {
	Ref string // the JSON pointer fragment, "#/components/schemas/…"
	// Anchor is the id of the part in conformance.html.
	Anchor string
	// Line is where the part starts in the spec document (0: unknown).
	Line int
	// Text is the part as YAML; "" when the document is not at hand.
	Text string
	// Segments are Text cut at the references it holds ($ref), each
	// linked to the part it names.
	Segments []segment
	// Linked: the part is quoted in the report (a ref into the spec
	// document, or into the AWS API model in a run of the aws dialect),
	// so the report links to it.
	Linked bool
	// Source is the document quoted when it is not the spec: the AWS API
	// model's file name.
	Source string
}

type segment struct{ Text, Anchor string }

// refInText finds the references a YAML fragment holds.
var refInText = regexp.MustCompile(`#/[A-Za-z0-9_~./{}-]+`)

// specDocument returns the document res was checked against: the embedded
// spec, or the file it names, when its SHA-256 is the report's.
func specDocument(res *result.Result) []byte {
	matches := func(b []byte) bool {
		sum := sha256.Sum256(b)
		return hex.EncodeToString(sum[:]) == res.Spec.SHA256
	}
	if b := spec.EmbeddedSource(); matches(b) {
		return b
	}
	if src := res.Spec.Source; src != "" && !strings.HasPrefix(src, "embedded:") {
		if b, err := os.ReadFile(src); err == nil && matches(b) {
			return b
		}
	}
	return nil
}

// specParts quotes the parts of the spec each ref points at, in the order
// given, each once, then the parts they reference ($ref), and theirs. With
// aws (a run of the aws dialect), refs into the AWS API model
// (rules.AWSModel) are quoted from it too; otherwise they are named only.
func specParts(doc []byte, refs []string, aws bool) []SpecPart {
	var root yaml.Node
	if len(doc) > 0 {
		if err := yaml.Unmarshal(doc, &root); err != nil {
			root = yaml.Node{}
		}
	}
	var out []SpecPart
	seen := map[string]bool{}
	queue := append([]string{}, refs...)
	for len(queue) > 0 && len(out) < 64 {
		ref := queue[0]
		queue = queue[1:]
		if seen[ref] {
			continue
		}
		seen[ref] = true
		p := SpecPart{Ref: ref, Anchor: specAnchor(ref), Linked: strings.HasPrefix(ref, "#")}
		if fragment, ok := strings.CutPrefix(ref, rules.AWSModel+"#"); ok && aws {
			out = append(out, modelPart(p, fragment))
			continue
		}
		if !p.Linked {
			out = append(out, p)
			continue
		}
		if n := resolvePointer(&root, ref); n != nil {
			p.Line = n.Line
			var b bytes.Buffer
			enc := yaml.NewEncoder(&b)
			enc.SetIndent(2)
			if err := enc.Encode(n); err == nil {
				p.Text = strings.TrimRight(b.String(), "\n")
			}
		}
		last := 0
		for _, m := range refInText.FindAllStringIndex(p.Text, -1) {
			target := p.Text[m[0]:m[1]]
			if resolvePointer(&root, target) == nil {
				continue
			}
			p.Segments = append(p.Segments, segment{Text: p.Text[last:m[0]]}, segment{Text: target, Anchor: specAnchor(target)})
			last = m[1]
			queue = append(queue, target)
		}
		p.Segments = append(p.Segments, segment{Text: p.Text[last:]})
		out = append(out, p)
	}
	return out
}

// awsModel is the embedded AWS API model as a YAML node tree (JSON is
// YAML), to quote its parts as the spec's are: in block style, not in
// the JSON's flow style, which would put each part on one line.
var awsModel = sync.OnceValue(func() *yaml.Node {
	var root yaml.Node
	if yaml.Unmarshal(spec.AWSModelBytes(), &root) != nil {
		return &yaml.Node{}
	}
	var block func(n *yaml.Node)
	block = func(n *yaml.Node) {
		n.Style = 0
		for _, c := range n.Content {
			block(c)
		}
	}
	block(&root)
	return &root
})

// modelPart quotes the part of the AWS API model at fragment (a JSON
// pointer) into p; a fragment the model does not have leaves p named only.
func modelPart(p SpecPart, fragment string) SpecPart {
	n := resolvePointer(awsModel(), fragment)
	if n == nil {
		p.Linked = false
		return p
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if enc.Encode(n) != nil {
		p.Linked = false
		return p
	}
	p.Linked, p.Source, p.Line = true, spec.AWSModelFile, n.Line
	p.Text = strings.TrimRight(b.String(), "\n")
	p.Segments = []segment{{Text: p.Text}}
	return p
}

// memberRef is the ref of the schema of a top-level request member named
// by a pointer ("/destinationName/…" → the DestinationName schema), when
// the spec has one: the constraint an invalid case breaks.
func memberRef(doc []byte, pointer string) string {
	member, _, _ := strings.Cut(strings.TrimPrefix(pointer, "/"), "/")
	if member == "" || len(doc) == 0 {
		return ""
	}
	var root yaml.Node
	if yaml.Unmarshal(doc, &root) != nil {
		return ""
	}
	// The request body schema of the one POST operation.
	paths := resolvePointer(&root, "#/paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		p := strings.ReplaceAll(strings.ReplaceAll(paths.Content[i].Value, "~", "~0"), "/", "~1")
		ref := "#/paths/" + p + "/post/requestBody/content/application~1json/schema"
		n := resolvePointer(&root, ref)
		for hops := 0; n != nil && hops < 4; hops++ {
			if r := refOf(n); r != "" {
				ref, n = r, resolvePointer(&root, r)
				continue
			}
			break
		}
		if n == nil {
			continue
		}
		ref += "/properties/" + strings.ReplaceAll(strings.ReplaceAll(member, "~", "~0"), "/", "~1")
		if m := resolvePointer(&root, ref); m != nil {
			if r := refOf(m); r != "" {
				return r
			}
			return ref
		}
	}
	return ""
}

// refOf is the $ref of a mapping node, if it has one.
func refOf(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "$ref" {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// specAnchor is the HTML id of a spec ref.
func specAnchor(ref string) string {
	var b strings.Builder
	b.WriteString("spec")
	for _, r := range strings.TrimPrefix(ref, "#") {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// resolvePointer follows a JSON pointer fragment ("#/a/b~1c") through a
// YAML document; nil when it leads nowhere.
func resolvePointer(root *yaml.Node, ref string) *yaml.Node {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind == 0 {
		return nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(ref, "#"), "/")
	if path == "" {
		return n
	}
	for _, tok := range strings.Split(path, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		if n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == tok {
				next = n.Content[i+1]
				break
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}
