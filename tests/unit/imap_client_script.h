// Scripted-server harness for the IMAP client tests: runs a client session
// against exact expected commands and canned server replies, whole, chunked
// and byte by byte, and dumps the cache and results for comparison. Tests only.
#pragma once

#include "imap_client/client_session.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace postino::imap_client::testing {

struct Step {
    std::string client;  // exact bytes the client must have sent
    std::string server;  // bytes the server answers with
};

struct Run {
    ClientResult result;
    DeviceCache cache;
    std::vector<ClientEvent> events;
    std::string failure;  // first script mismatch
    bool finished = false;
};

inline void feedChunked(ClientSession& s, const std::string& bytes, std::size_t chunk) {
    if (chunk == 0) {
        s.feed(bytes);
        return;
    }
    for (std::size_t i = 0; i < bytes.size(); i += chunk) s.feed(std::string_view(bytes).substr(i, chunk));
}

inline Run runScript(const std::string& greeting, const std::vector<Step>& steps, const ClientJob& job, DeviceCache cache,
              std::size_t chunk) {
    Run run;
    run.cache = std::move(cache);
    ClientSession s(job, run.cache);
    feedChunked(s, greeting, chunk);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string out = s.takeOutput();
        if (out != steps[i].client) {
            run.failure = "step " + std::to_string(i) + ": expected\n" + steps[i].client + "got\n" + out;
            break;
        }
        feedChunked(s, steps[i].server, chunk);
    }
    if (run.failure.empty() && !s.takeOutput().empty()) run.failure = "client sent more than the script";
    if (!s.finished()) s.connectionClosed();
    run.finished = s.finished();
    run.result = s.result();
    run.events = s.takeEvents();
    return run;
}

inline std::string dumpCache(const DeviceCache& c) {
    std::string out;
    for (const auto& [name, f] : c.folders()) {
        out += name + " uv=" + std::to_string(f.uidValidity) + " next=" + std::to_string(f.uidNext) + "\n";
        for (const auto& [uid, m] : f.messages)
            out += "  " + std::to_string(uid) + " " + formatFlagList(m.flags) + " size=" + std::to_string(m.size) +
                   (m.downloaded ? " [" + m.content + "]" : " -") + "\n";
    }
    for (const auto& m : c.mailboxes) out += "mailbox " + m.name + "\n";
    return out;
}

inline std::string dumpRun(const Run& r) {
    std::string out = dumpCache(r.cache) + "success=" + std::to_string(r.result.success) + " " + r.result.failureReason +
                      "\n";
    for (const auto& o : r.result.operations) out += "op " + std::to_string(static_cast<int>(o.status)) + " " + o.text + "\n";
    const auto& c = r.result.counts;
    out += "counts " + std::to_string(c.downloaded) + " " + std::to_string(c.flagsUpdated) + " " +
           std::to_string(c.moved) + " " + std::to_string(c.appended) + " " + std::to_string(c.expunged) + " " +
           std::to_string(c.deleted) + "\n";
    for (const auto& e : r.events)
        out += std::string(eventKindName(e.kind)) + " " + e.folder + " " + std::to_string(e.uid) + " " + e.toFolder +
               " " + std::to_string(e.newUid) + " " + e.text + "\n";
    return out;
}

// Runs the script whole, in chunks and byte by byte; all must match the script and agree.
inline Run runAll(const std::string& greeting, const std::vector<Step>& steps, const ClientJob& job, DeviceCache cache = {}) {
    Run whole = runScript(greeting, steps, job, cache, 0);
    INFO(whole.failure);
    CHECK(whole.failure.empty());
    CHECK(whole.finished);
    for (std::size_t chunk : {1u, 2u, 7u, 64u}) {
        Run r = runScript(greeting, steps, job, cache, chunk);
        INFO("chunk " << chunk << ": " << r.failure);
        CHECK(r.failure.empty());
        CHECK(dumpRun(r) == dumpRun(whole));
    }
    return whole;
}

inline std::string message(const std::string& subject, const std::string& body) {
    return "From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: " + subject +
           "\r\nDate: Mon, 1 Jul 2024 10:00:00 +0000\r\nMessage-ID: <" + std::to_string(subject.size()) +
           "@example.org>\r\n\r\n" + body + "\r\n";
}

}  // namespace postino::imap_client::testing
