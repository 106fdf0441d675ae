// The browser side of platform.h: downloads through a Blob, the file picker of the page
// (web/shell.html writes the chosen file into the page's memory and opens it), localStorage.
#include "platform.h"

#include "i18n.h"

#include <emscripten.h>

#include <cstdlib>

namespace postino::viz::platform {

namespace {

EM_JS(void, jsDownload, (const char* name, const char* bytes, int size, const char* mime), {
    const data = HEAPU8.slice(bytes, bytes + size);
    const url = URL.createObjectURL(new Blob([data], {type : UTF8ToString(mime)}));
    const a = document.createElement('a');
    a.href = url;
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
});

EM_JS(int, jsPickFile, (), {
    if (typeof postinoPickScenario !== 'function') return 0;
    postinoPickScenario();
    return 1;
});

// The stored choice, else the first of the browser's languages Postino speaks (web/shell.html).
EM_JS(char*, jsPreferredLanguage, (const char* known), {
    return postinoHeapString(postinoFirstLanguage(UTF8ToString(known).split(' '), postinoLanguageWishes()));
});

EM_JS(void, jsRememberLanguage, (const char* code), { postinoRememberLanguage(UTF8ToString(code)); });

}  // namespace

bool download(const std::string& fileName, std::string_view bytes, const char* mimeType) {
    jsDownload(fileName.c_str(), bytes.data(), static_cast<int>(bytes.size()), mimeType);
    return true;
}

bool pickScenarioFile() { return jsPickFile() != 0; }

std::string preferredLanguage() {
    std::string known;
    for (const Language& l : languages()) known += std::string(known.empty() ? "" : " ") + l.code;
    char* pick = jsPreferredLanguage(known.c_str());
    std::string code = pick ? pick : "";
    std::free(pick);
    return code;
}

void rememberLanguage(const std::string& code) { jsRememberLanguage(code.c_str()); }

}  // namespace postino::viz::platform
