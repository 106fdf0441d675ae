// Loader errors of an edited scenario -> the node, link, action or step each belongs to.
#include "model/network_problems.h"

#include "scenario/scenario_writer.h"

#include <exception>

namespace postino::viz {

namespace {

// "/nodes/3/accounts/0/server" -> Node, 3, "accounts/0/server".
void place(NetworkProblem& p) {
    static const std::pair<const char*, NetworkProblem::Place> kLists[] = {
        {"/nodes/", NetworkProblem::Place::Node},
        {"/links/", NetworkProblem::Place::Link},
        {"/actions/", NetworkProblem::Place::Action},
        {"/steps/", NetworkProblem::Place::Step},
    };
    const std::string& ptr = p.error.jsonPath;
    for (const auto& [prefix, where] : kLists) {
        const std::string head = prefix;
        if (ptr.compare(0, head.size(), head) != 0) continue;
        std::size_t i = head.size();
        std::size_t index = 0;
        bool digits = false;
        while (i < ptr.size() && ptr[i] >= '0' && ptr[i] <= '9') {
            index = index * 10 + static_cast<std::size_t>(ptr[i] - '0');
            digits = true;
            ++i;
        }
        if (!digits || (i < ptr.size() && ptr[i] != '/')) continue;
        p.place = where;
        p.index = index;
        p.field = i < ptr.size() ? ptr.substr(i + 1) : "";
        return;
    }
}

}  // namespace

std::vector<NetworkProblem> networkProblems(const scenario::Scenario& s, const std::string& path) {
    std::vector<NetworkProblem> out;
    std::vector<scenario::LoadError> errors;
    try {
        errors = scenario::loadScenarioText(scenario::writeScenarioText(s), path).errors;
    } catch (const std::exception& e) {  // text the writer cannot encode (not UTF-8)
        errors.push_back({path, 0, 0, "", std::string("the lesson cannot be written: ") + e.what()});
    }
    for (auto& e : errors) {
        NetworkProblem p;
        p.error = std::move(e);
        place(p);
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<const NetworkProblem*> problemsOf(const std::vector<NetworkProblem>& problems,
                                              NetworkProblem::Place place, std::size_t index) {
    std::vector<const NetworkProblem*> out;
    for (const auto& p : problems)
        if (p.place == place && p.index == index) out.push_back(&p);
    return out;
}

}  // namespace postino::viz
