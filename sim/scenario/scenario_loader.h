// Loads a scenario JSON file (RFC 8259 text; format in docs/scenario-format.md)
// into validated Scenario structs, or a list of every problem with its
// file:line:column and JSON Pointer. Never throws; never crashes on any input.
#pragma once

#include "scenario/scenario.h"
#include "trace/phrase.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postino::scenario {

struct LoadError {
    std::string file;      // path as given by the caller
    int line = 0;          // 1-based; 0 when the problem has no position (unreadable file)
    int column = 0;        // 1-based, in characters (code points) of the line
    std::string jsonPath;  // JSON Pointer of the offending value ("/nodes/2/ip"); "" for the whole document
    std::string message;   // the English sentence, as the command line prints it
    trace::Phrase phrase;  // the same sentence for translation (phrase.text == message); the viewer shows it
                           // in the interface language. An empty phrase.format: not translatable.

    // "scenarios/x.json:12:17: /nodes/2/ip: expected an IPv4 address like 192.0.2.10, got "300.1.1.1""
    // (the position and pointer parts are left out when absent).
    std::string format() const;
    // The same with another wording of the message (the viewer's translation of `phrase`).
    std::string format(std::string_view otherMessage) const;
};

// A LoadError whose message is the phrase's English text.
LoadError makeLoadError(std::string file, int line, int column, std::string jsonPath, trace::Phrase phrase);

struct LoadResult {
    std::optional<Scenario> scenario;  // set exactly when errors is empty
    std::vector<LoadError> errors;     // document order; at most kMaxReportedErrors + 1 summary line

    bool ok() const { return scenario.has_value(); }
    // All errors, formatted, one per line.
    std::string formatErrors() const;
};

// Reads and loads a file. Files over 4 MiB, unreadable files and directories are errors.
LoadResult loadScenarioFile(const std::string& path);
// Loads JSON text; `pathForMessages` is only used in LoadError::file and Scenario::sourcePath.
LoadResult loadScenarioText(std::string_view text, const std::string& pathForMessages);

// Errors found after loading (a step's "when" that the run never satisfies), placed in the
// file's text like the loader's own: each (JSON Pointer, message) gets its line and column.
// `text` is the file's content, as loaded.
std::vector<LoadError> locateErrors(std::string_view text, const std::string& file,
                                    const std::vector<std::pair<std::string, std::string>>& pointerMessages);

}  // namespace postino::scenario
