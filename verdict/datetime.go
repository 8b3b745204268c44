package verdict

// dateTimeMatches reports whether x matches formatDateTime. Every answer
// of the contract carries a date-time, and regexp's matcher cost a fifth
// of judging one; this reads the pattern's fields in place.
// TestDateTimeMatchesAsThePattern holds the two together.
func dateTimeMatches(x string) bool {
	// 2006-01-02T15:04:05, then an optional fraction and a zone: "Z" or
	// "+07:00".
	const fields = len("2006-01-02T15:04:05")
	if len(x) < fields+1 ||
		!allDigits(x[0:4]) || x[4] != '-' || !month(x[5:7]) || x[7] != '-' || !day(x[8:10]) ||
		x[10] != 'T' || !hour(x[11:13]) || x[13] != ':' || !minute(x[14:16]) || x[16] != ':' || !second(x[17:19]) {
		return false
	}
	rest := x[fields:]
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && isDigit(rest[n]) {
			n++
		}
		if n == 1 {
			return false
		}
		rest = rest[n:]
	}
	if rest == "Z" {
		return true
	}
	return len(rest) == len("+07:00") && (rest[0] == '+' || rest[0] == '-') &&
		hour(rest[1:3]) && rest[3] == ':' && minute(rest[4:6])
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func allDigits(s string) bool {
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// month is (0[1-9]|10|11|12).
func month(s string) bool {
	return s[0] == '0' && '1' <= s[1] && s[1] <= '9' || s[0] == '1' && '0' <= s[1] && s[1] <= '2'
}

// day is (0[1-9]|[12][0-9]|3[01]).
func day(s string) bool {
	switch s[0] {
	case '0':
		return '1' <= s[1] && s[1] <= '9'
	case '1', '2':
		return isDigit(s[1])
	case '3':
		return s[1] == '0' || s[1] == '1'
	}
	return false
}

// hour is ([0-1][0-9]|2[0-3]).
func hour(s string) bool {
	return (s[0] == '0' || s[0] == '1') && isDigit(s[1]) || s[0] == '2' && '0' <= s[1] && s[1] <= '3'
}

// minute is [0-5][0-9].
func minute(s string) bool { return '0' <= s[0] && s[0] <= '5' && isDigit(s[1]) }

// second is ([0-5][0-9]|60).
func second(s string) bool { return minute(s) || s == "60" }
