#pragma once
// The one way JSON from outside the program is read: scenario, design and
// command-script files, --set values, the catalogue and the game's own files
// all pass through here, so each limit below holds for every one of them.
// docs/reliability.md lists the limits and why they are what they are.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace bp {

// Larger files are refused before they are read. The shipped files are a few
// KiB; a hand-written scenario with 100,000 traffic keyframes is about 4 MiB.
// A parsed document takes up to ~13x its text in memory, so this also caps
// what parsing one file can allocate (about 100 MiB).
inline constexpr std::size_t kMaxInputBytes = 8u << 20;
// Objects and lists inside each other. The shipped formats need at most 6;
// the bound keeps every recursive walk of a document (copy, compare, dump)
// far from the stack's end.
inline constexpr int kMaxJsonDepth = 64;

// Parses text as strict JSON (no comments, nothing after the value) and
// refuses, as an InputError naming `file` and the JSON pointer of the place:
// nesting deeper than kMaxJsonDepth, a key given twice in one object,
// numbers beyond the range of a double (1e400, 400-digit integers), and text
// that is not JSON at all (with line and column). With `not_json` given,
// text that is not JSON sets it and gives null instead (for values that may
// also be plain words); a limit passed still throws.
nlohmann::json parse_json_text(std::string_view text, const std::string& file, bool* not_json = nullptr);

// Reads at most kMaxInputBytes of the file (a device such as /dev/zero or a
// pipe that never ends is cut off there and refused) and parses it with
// parse_json_text. Errors name the file.
nlohmann::json read_json_file(const std::string& path);

// Reads a whole file of at most kMaxInputBytes; throws InputError otherwise.
std::string read_bounded_file(const std::string& path);

// A string as it may be shown in a message: at most `max_bytes` of it (cut
// at a character boundary, "..." marking the cut), control characters and
// quotes escaped as in JSON, so no terminal escape sequence or line break
// from a file reaches the terminal raw. Includes the surrounding quotes.
std::string quote_text(std::string_view text, std::size_t max_bytes = 60);

}  // namespace bp
