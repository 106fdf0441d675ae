// `postino`: the command line of the simulator (run a scenario, validate one).
// Parses arguments with CLI11 and hands over to the commands; no simulation here.

#include "cli/commands.h"
#include "core/data_dirs.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {
const char* const kFileHelp = "Scenario JSON file, or the name of an installed lesson such as 02-cross-domain";
}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Postino: simulate how email really travels (SMTP, DNS, TCP/IP)", "postino"};
    app.require_subcommand(1);

    postino::cli::RunOptions run;
    double until = 0;
    auto* runCmd = app.add_subcommand("run", "Simulate a scenario and print its timeline");
    runCmd->add_option("file", run.scenarioPath, kFileHelp)->required();
    auto* untilOpt = runCmd->add_option("--until", until, "Stop at this simulated time (seconds)");
    runCmd->add_flag("--transcript", run.transcript, "Print each connection's protocol lines (C:/S:)");
    runCmd->add_flag("--packets", run.packets, "List every packet hop in the timeline");
    runCmd->add_option("--trace-json", run.traceJsonPath, "Write the whole trace as JSON to this file");
    runCmd->add_option("--pcap", run.pcapPath, "Write the packets as a pcap file (Wireshark, tshark)");
    runCmd->add_option("--export-mail", run.exportMailDir,
                       "Write every stored message as .eml, and an mbox per mailbox folder, into this folder");
    runCmd->add_flag("-q,--quiet", run.quiet, "Print nothing but errors");

    postino::cli::ServeCommandOptions serve;
    double serveFor = 0;
    auto* serveCmd = app.add_subcommand(
        "serve", "Run a scenario in real time and let real mail clients (or a web browser) talk to one of its servers");
    serveCmd->add_option("file", serve.scenarioPath, kFileHelp)->required();
    serveCmd->add_option("--node", serve.live.nodeId,
                         "Mail server or webmail node to expose (default: the first mail server with mailboxes)");
    serveCmd->add_option("--listen", serve.live.listenAddress, "Address to listen on")->capture_default_str();
    serveCmd->add_option("--port-base", serve.live.portBase,
                         "Real port = this + the standard port (SMTP 25, submission 587, submission over TLS 465, "
                         "POP3 110, IMAP 143, HTTP 80); 0: standard ports")
        ->capture_default_str();
    auto* forOpt = serveCmd->add_option("--for", serveFor, "Stop after this many seconds of wall-clock time");
    double idleTimeout = 0;
    auto* idleOpt = serveCmd->add_option("--idle-timeout", idleTimeout,
                                         "Close a connection idle this many seconds (default per protocol: SMTP 300, "
                                         "POP3 600, IMAP 1800, HTTP 60)");
    serveCmd->add_option("--max-connections", serve.live.maxConnections,
                         "Open connections per service; more are refused with the protocol's own reply")
        ->capture_default_str();
    serveCmd->add_flag("--tls", serve.live.tls,
                       "Give the served mail server TLS even when the lesson does not (STARTTLS on 25 and 587, "
                       "required on 587; TLS from the first byte on 465)");
    serveCmd->add_option("--write-ca", serve.live.writeCaPath,
                         "Write the certificate of this run's CA (PEM) to this file, for real clients to trust");

    std::string validatePath;
    auto* validateCmd = app.add_subcommand("validate", "Check a scenario file and report every problem");
    validateCmd->add_option("file", validatePath, kFileHelp)->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    run.scenarioPath = postino::core::resolveLessonPath(run.scenarioPath);
    serve.scenarioPath = postino::core::resolveLessonPath(serve.scenarioPath);
    validatePath = postino::core::resolveLessonPath(validatePath);
    if (*untilOpt) run.untilSeconds = until;
    if (*forOpt) serve.live.forSeconds = serveFor;
    if (*idleOpt) serve.live.idleTimeout = idleTimeout;
    try {
        if (*runCmd) return postino::cli::runCommand(run, std::cout, std::cerr);
        if (*serveCmd) return postino::cli::serveCommand(serve, std::cout, std::cerr);
        if (*validateCmd) return postino::cli::validateCommand(validatePath, std::cout, std::cerr);
    } catch (const std::exception& e) {
        std::cerr << "postino: internal error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
