// Scenario loading pipeline: bytes -> encoding checks -> syntax scan with
// positions -> nlohmann DOM -> field parse -> cross checks -> sorted errors.
#include "scenario/scenario_loader.h"

#include "scenario/json_reader.h"
#include "scenario/json_scanner.h"
#include "scenario/scenario_limits.h"
#include "scenario/scenario_parse.h"
#include "scenario/scenario_validate.h"
#include "scenario/text_encoding.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_set>

namespace postino::scenario {

std::string LoadError::format() const { return format(message); }

std::string LoadError::format(std::string_view otherMessage) const {
    std::string out = file;
    if (line > 0) out += fmt::format(":{}:{}", line, column);
    out += ": ";
    if (!jsonPath.empty()) out += jsonPath + ": ";
    out += otherMessage;
    return out;
}

LoadError makeLoadError(std::string file, int line, int column, std::string jsonPath, trace::Phrase phrase) {
    std::string message = phrase.text;
    return LoadError{std::move(file), line, column, std::move(jsonPath), std::move(message), std::move(phrase)};
}

std::string LoadResult::formatErrors() const {
    std::string out;
    for (const auto& e : errors) out += e.format() + "\n";
    return out;
}

namespace {

LoadResult singleError(const std::string& file, TextPosition pos, trace::Phrase message) {
    LoadResult result;
    result.errors.push_back(makeLoadError(file, pos.line, pos.column, "", std::move(message)));
    return result;
}

// The pointer's entry, or its nearest ancestor's (a missing member points at its object).
std::size_t resolveOffset(const PositionIndex& index, std::string pointer, Anchor anchor) {
    while (true) {
        if (const auto* e = index.find(pointer)) {
            if (anchor == Anchor::Key && e->key != PositionIndex::npos) return e->key;
            if (e->value != PositionIndex::npos) return e->value;
        }
        if (pointer.empty()) return 0;
        pointer.resize(pointer.rfind('/'));
        anchor = Anchor::Value;
    }
}

std::vector<LoadError> resolveErrors(const Diagnostics& d, const PositionIndex& index, const LineMap& lines,
                                     const std::string& file) {
    struct Placed {
        std::size_t offset;
        const PendingError* error;
    };
    std::vector<Placed> placed;
    placed.reserve(d.errors().size());
    for (const auto& e : d.errors()) placed.push_back(Placed{resolveOffset(index, e.pointer, e.anchor), &e});
    std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) { return a.offset < b.offset; });
    std::vector<LoadError> out;
    for (const auto& p : placed) {
        if (out.size() == kMaxReportedErrors) break;
        TextPosition pos = lines.at(p.offset);
        out.push_back(makeLoadError(file, pos.line, pos.column, p.error->pointer, p.error->message));
    }
    if (d.total() > out.size()) {
        out.push_back(makeLoadError(file, 0, 0, "",
                                    trace::phrase("too many errors: {} in total, only the first {} are shown",
                                                  d.total(), out.size())));
    }
    return out;
}

LoadResult loadImpl(std::string_view bytes, const std::string& file) {
    if (bytes.size() > kMaxFileBytes)
        return singleError(file, {}, trace::phrase("the file is too large: {} bytes (scenario files are limited to "
                                                    "4 MiB)", bytes.size()));
    Bom bom = detectBom(bytes);
    if (bom != Bom::None && bom != Bom::Utf8) {
        const char* enc = (bom == Bom::Utf16Le || bom == Bom::Utf16Be) ? "UTF-16" : "UTF-32";
        return singleError(file, {1, 1}, trace::phrase("the file is encoded as {}; save it as UTF-8", enc));
    }
    // A UTF-8 byte order mark is accepted and skipped (RFC 8259 §8.1 allows
    // ignoring it; Windows editors add it). Positions count from after it.
    std::string_view text = bytes.substr(bomLength(bom));
    if (text.size() >= 2 && (text[0] == '\0' || text[1] == '\0'))
        return singleError(file, {1, 1}, trace::phrase("the file looks like UTF-16 or UTF-32 text (it has NUL bytes); "
                                                       "save it as UTF-8"));
    LineMap lines(text);
    std::size_t bad = findInvalidUtf8(text);
    if (bad != std::string_view::npos)
        return singleError(file, lines.at(bad),
                           trace::phrase("the file is not valid UTF-8 (byte {} here); save it as UTF-8",
                                         fmt::format("0x{:02X}", static_cast<unsigned char>(text[bad]))));
    // First pass: syntax only (no positions kept); a second pass indexes the
    // pointers that errors mention, if there are any.
    const std::unordered_set<std::string> nothing;
    JsonScan scan = scanJson(text, lines, kMaxNestingDepth, &nothing);
    // Syntax errors stay English: they describe the text at hand in pieces ("got '}'", "the object
    // opened at line 3, column 1 is not closed").
    if (scan.error) return singleError(file, lines.at(scan.error->offset), trace::untranslated(scan.error->message));

    Json root;
    try {
        root = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        return singleError(file, lines.at(e.byte > 0 ? e.byte - 1 : 0),
                           trace::phrase("the JSON could not be read: {}", e.what()));
    } catch (const Json::exception& e) {
        return singleError(file, {1, 1}, trace::phrase("the JSON could not be read: {}", e.what()));
    }
    if (!root.is_object()) {
        LoadResult result;
        TextPosition pos = lines.at(resolveOffset(scan.positions, "", Anchor::Value));  // the root is always indexed
        result.errors.push_back(makeLoadError(
            file, pos.line, pos.column, "",
            trace::phrase("expected a JSON object {{ ... }} at the top of the file, got {}",
                          trace::term(jsonTypeName(root)))));
        return result;
    }

    Diagnostics diag;
    for (const auto& dup : scan.duplicateKeys)
        diag.error(dup.pointer, trace::phrase("the field {} appears twice in the same object", quoteText(dup.key)),
                   Anchor::Key);
    Scenario scenario;
    scenario.sourcePath = file;
    ParseAux aux;
    parseScenario(root, scenario, aux, diag);
    validateScenario(scenario, aux, diag);

    LoadResult result;
    if (!diag.empty()) {
        std::unordered_set<std::string> wanted;
        for (const auto& e : diag.errors()) {
            std::string p = e.pointer;
            while (wanted.insert(p).second && !p.empty()) p.resize(p.rfind('/'));  // and its ancestors
        }
        JsonScan positions = scanJson(text, lines, kMaxNestingDepth, &wanted);
        result.errors = resolveErrors(diag, positions.positions, lines, file);
        return result;
    }
    std::stable_sort(scenario.actions.begin(), scenario.actions.end(),
                     [](const Action& a, const Action& b) { return a.at < b.at; });
    result.scenario = std::move(scenario);
    return result;
}

LoadResult internalError(const std::string& file, const char* what) {
    return singleError(file, {}, trace::phrase("internal error while loading the scenario: {}", what));
}

}  // namespace

LoadResult loadScenarioText(std::string_view text, const std::string& pathForMessages) {
    try {
        return loadImpl(text, pathForMessages);
    } catch (const std::bad_alloc&) {
        return internalError(pathForMessages, "out of memory");
    } catch (const std::exception& e) {
        return internalError(pathForMessages, e.what());
    } catch (...) {
        return internalError(pathForMessages, "unknown exception");
    }
}

std::vector<LoadError> locateErrors(std::string_view bytes, const std::string& file,
                                    const std::vector<std::pair<std::string, std::string>>& pointerMessages) {
    const std::string_view text = bytes.substr(bomLength(detectBom(bytes)));
    LineMap lines(text);
    std::unordered_set<std::string> wanted;
    for (const auto& pm : pointerMessages) {
        std::string p = pm.first;
        while (wanted.insert(p).second && !p.empty()) p.resize(p.rfind('/'));
    }
    JsonScan positions = scanJson(text, lines, kMaxNestingDepth, &wanted);
    std::vector<LoadError> out;
    for (const auto& [pointer, message] : pointerMessages) {
        const TextPosition pos = lines.at(resolveOffset(positions.positions, pointer, Anchor::Value));
        out.push_back(makeLoadError(file, pos.line, pos.column, pointer, trace::untranslated(message)));
    }
    return out;
}

LoadResult loadScenarioFile(const std::string& path) {
    try {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec))
            return singleError(path, {}, trace::phrase("this is a directory, not a scenario file"));
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            int err = errno;
            return singleError(path, {}, trace::phrase("cannot open the file: {}", err ? std::strerror(err) : "unknown error"));
        }
        std::string data;
        char buffer[65536];
        while (in && data.size() <= kMaxFileBytes) {
            in.read(buffer, sizeof buffer);
            data.append(buffer, static_cast<std::size_t>(in.gcount()));
        }
        if (in.bad()) return singleError(path, {}, trace::phrase("cannot read the file (input/output error)"));
        if (data.size() > kMaxFileBytes)
            return singleError(path, {}, trace::phrase("the file is too large (scenario files are limited to 4 MiB)"));
        return loadScenarioText(data, path);
    } catch (const std::exception& e) {
        return internalError(path, e.what());
    } catch (...) {
        return internalError(path, "unknown exception");
    }
}

}  // namespace postino::scenario
