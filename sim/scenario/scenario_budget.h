// The byte budget of a scenario: an upper-bound estimate of the mail bytes its actions make
// the world carry and keep (every message as built, over each connection, in each mailbox
// and device, a bounce per recipient, the attempts that may fail while nodes or links are
// down), checked against kMaxScenarioMailBytes with an error at the action that crosses it.
// Pure arithmetic on the Scenario: it must not build messages or run anything.
#pragma once

#include "scenario/json_reader.h"
#include "scenario/scenario.h"

#include <cstdint>
#include <string>
#include <vector>

namespace postino::scenario {

// At most the size of the message mail::buildMessage makes for a send or save_draft
// (headers, text parts at worst in quoted-printable, attachments in base64 lines); 0 for
// other actions.
double messageBytesBound(const Action& a);

// The estimate, action by action (indices as in s.actions), and in all.
struct MailBytesEstimate {
    std::vector<double> perAction;
    double total = 0;
};
MailBytesEstimate estimateMailBytes(const Scenario& s);

// "512 bytes", "12 kB", "4.1 MB", "256 MB", "27.4 GB" (decimal units, like the limits).
std::string formatBytes(double bytes);

// Reports the actions that make the scenario go over kMaxScenarioMailBytes: each one that
// is over it alone, or else the first at which the running total (in time order) is.
void checkMailBytesBudget(const Scenario& s, Diagnostics& d);

}  // namespace postino::scenario
