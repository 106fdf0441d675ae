#include "po_catalog_support.h"

#include "test_support.h"

namespace postino::testing {

viz::model::Catalog poCatalog(const std::string& lang) {
    const auto po = readPoCatalog(sourcePath("po/" + lang + ".po"));
    auto tr = [po](const std::string& english) {
        auto it = po.find(english);
        return it == po.end() || it->second.empty() || it->second[0].empty() ? english : it->second[0];
    };
    return {tr, [tr](const std::string& singular, const std::string& plural, long n) {
                return n == 1 ? tr(singular) : plural;
            }};
}

}  // namespace postino::testing
