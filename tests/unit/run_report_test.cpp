// viz::runReport, what the browser page reports for its golden check, is byte for byte what
// `postino run` prints, with and without the transcript; a broken scenario says why.
#include "model/run_report.h"
#include "test_support.h"

#include <catch2/catch.hpp>

using namespace postino::testing;

TEST_CASE("runReport prints what postino run prints", "[run_report]") {
    for (const char* lesson : {"02-cross-domain", "14-password-in-clear"}) {
        const std::string path = sourcePath(std::string("scenarios/") + lesson + ".json");
        for (const bool transcript : {false, true}) {
            const CommandResult cli =
                runCommand(std::string(POSTINO_BINARY) + " run " + path + (transcript ? " --transcript" : ""));
            REQUIRE(cli.status == 0);
            INFO(lesson << (transcript ? " with" : " without") << " the transcript");
            CHECK(postino::viz::runReport(path, transcript) == cli.output);
        }
    }
}

TEST_CASE("runReport of a scenario that does not load names the file and the problem", "[run_report]") {
    const std::string report = postino::viz::runReport("/nonexistent/lesson.json", true);
    CHECK(report.rfind("cannot run /nonexistent/lesson.json:\n", 0) == 0);
    CHECK(report.size() > std::string("cannot run /nonexistent/lesson.json:\n").size());
}
