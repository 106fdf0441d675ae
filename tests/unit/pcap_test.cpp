// pcap export: the file reads back through libpcap with valid IPv4/TCP/UDP
// checksums; and, when tshark is installed, it sees both SMTP sessions, the
// MX and A queries, no malformed packets or TCP warnings, and Follow TCP
// stream yields exactly the transcript's bytes; TLS handshakes, and DNS over TCP after a
// truncated answer.
#include "test_support.h"

#include "export/pcap_export.h"
#include "scenario/scenario_writer.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <pcap/pcap.h>

#include <cstdio>
#include <unistd.h>

using namespace postino;
using namespace postino::testing;

namespace {

struct TempFile {
    std::string path;
    explicit TempFile(const std::string& suffix) {
        char name[] = "/tmp/postino-test-XXXXXX";
        const int fd = mkstemp(name);
        if (fd >= 0) close(fd);
        std::remove(name);
        path = std::string(name) + suffix;
    }
    ~TempFile() { std::remove(path.c_str()); }
};

// Runs the scenario file `scenario` with `postino run --pcap` into `pcap` and returns the tshark
// command that reads it. smtp.decryption lets Wireshark decode AUTH PLAIN (without it, it warns
// that it did not).
std::string tsharkOfRun(const std::string& scenario, const TempFile& pcap) {
    REQUIRE(runCommand(std::string(POSTINO_BINARY) + " run " + scenario + " --quiet --pcap " + pcap.path).status == 0);
    return "tshark -n -o smtp.decryption:TRUE -r " + pcap.path;
}

std::uint16_t checksum(const unsigned char* data, std::size_t len, std::uint32_t sum = 0) {
    for (std::size_t i = 0; i + 1 < len; i += 2) sum += (data[i] << 8) | data[i + 1];
    if (len % 2) sum += data[len - 1] << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(sum);
}

std::string fromHex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    return out;
}

}  // namespace

TEST_CASE("pcap export reads back with valid checksums and nanosecond times", "[pcap]") {
    world::World w(loadLesson("02-cross-domain.json"));
    w.run();
    TempFile file(".pcap");
    REQUIRE(exporter::writePcap(file.path, w.trace()).empty());

    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline_with_tstamp_precision(file.path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
    REQUIRE(p);
    CHECK(pcap_datalink(p) == DLT_EN10MB);
    pcap_pkthdr* h;
    const u_char* d;
    std::size_t n = 0;
    while (pcap_next_ex(p, &h, &d) == 1) {
        const auto& rec = w.trace().packets.at(n);
        INFO("packet " << n << ": " << rec.packet.summary);
        REQUIRE(h->caplen == static_cast<bpf_u_int32>(rec.packet.frameBytes()));
        CHECK(h->ts.tv_sec == exporter::kEpochUnixSeconds + rec.sent.ns() / 1'000'000'000);
        CHECK(h->ts.tv_usec == rec.sent.ns() % 1'000'000'000);
        const u_char* ip = d + 14;
        CHECK(d[12] == 0x08);
        CHECK(checksum(ip, 20) == 0xffff);
        const std::size_t ipLen = (ip[2] << 8) | ip[3];
        const u_char* l4 = ip + 20;
        const std::size_t l4Len = ipLen - 20;
        std::uint32_t pseudo = checksum(ip + 12, 8) + ip[9] + static_cast<std::uint32_t>(l4Len);
        CHECK(checksum(l4, l4Len, pseudo) == 0xffff);
        ++n;
    }
    pcap_close(p);
    CHECK(n == w.trace().packets.size());
}

TEST_CASE("pcap export: an unwritable path is a clear error", "[pcap]") {
    world::World w(loadLesson("01-same-domain.json"));
    w.run();
    const std::string problem = exporter::writePcap("/nonexistent-dir/x.pcap", w.trace());
    CHECK(problem.find("/nonexistent-dir/x.pcap") != std::string::npos);
}

TEST_CASE("tshark reads the run: SMTP sessions, DNS, no warnings, exact streams", "[pcap][tshark]") {
    if (!haveProgram("tshark")) {
        WARN("tshark is not installed: skipping the Wireshark checks");
        return;
    }
    TempFile file(".pcap");
    const std::string lesson = sourcePath("scenarios/02-cross-domain.json");
    const std::string tshark = tsharkOfRun(lesson, file);

    const CommandResult smtp = runCommand(tshark + " -Y smtp -T fields -e tcp.stream -e smtp.req.command");
    REQUIRE(smtp.status == 0);
    for (const char* stream : {"0\t", "1\t", "2\t", "3\t"}) {
        const bool found = smtp.output.rfind(stream, 0) == 0 || smtp.output.find(std::string("\n") + stream) != std::string::npos;
        CHECK(found);
    }
    CHECK(smtp.output.find("EHLO") != std::string::npos);
    CHECK(smtp.output.find("AUTH") != std::string::npos);

    // The credentials really are on the wire: a lesson on why submission needs TLS.
    const CommandResult auth = runCommand(tshark + " -Y smtp.auth.username -T fields -e smtp.auth.username -e smtp.auth.password");
    CHECK(auth.output.find("alice@sender.example\twonderland") != std::string::npos);

    const CommandResult dns = runCommand(tshark + " -Y dns -T fields -e dns.flags.response -e dns.qry.name -e dns.qry.type -e dns.mx.mail_exchange -e dns.a");
    REQUIRE(dns.status == 0);
    CHECK(dns.output.find("0\trecipient.example\t15") != std::string::npos);
    CHECK(dns.output.find("1\trecipient.example\t15\tmail.recipient.example") != std::string::npos);
    CHECK(dns.output.find("0\tmail.recipient.example\t1") != std::string::npos);
    CHECK(dns.output.find("203.0.113.25") != std::string::npos);

    const CommandResult bad = runCommand(
        tshark + " -Y '_ws.malformed || _ws.expert.severity >= warning || tcp.analysis.lost_segment || "
                 "tcp.analysis.retransmission || tcp.analysis.out_of_order || tcp.analysis.ack_lost_segment || "
                 "tcp.analysis.duplicate_ack || tcp.analysis.window_full || tcp.analysis.zero_window'");
    REQUIRE(bad.status == 0);
    CHECK(bad.output.empty());

    // Follow TCP stream 0 (the submission): the client's bytes are exactly the C: lines.
    world::World w(loadLesson("02-cross-domain.json"));
    w.run();
    std::string clientBytes, serverBytes;
    for (const auto& l : w.trace().lines)
        if (l.connection == 1) (l.fromClient ? clientBytes : serverBytes) += l.text + "\r\n";
    const CommandResult follow = runCommand(tshark + " -q -z follow,tcp,raw,0");
    REQUIRE(follow.status == 0);
    std::string fromClient, fromServer;
    // After the "Node 1:" line come hex lines, server ones indented by a tab, then "=====".
    const std::size_t node1 = follow.output.find("Node 1:");
    REQUIRE(node1 != std::string::npos);
    std::size_t pos = follow.output.find('\n', node1) + 1;
    while (pos < follow.output.size()) {
        const std::size_t end = follow.output.find('\n', pos);
        std::string line = follow.output.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        pos = end == std::string::npos ? follow.output.size() : end + 1;
        if (line.empty()) continue;
        if (line[0] == '=') break;
        if (line[0] == '\t') fromServer += fromHex(line.substr(1));
        else fromClient += fromHex(line);
    }
    CHECK(fromClient == clientBytes);
    CHECK(fromServer == serverBytes);
}

TEST_CASE("tshark: a 200 kB attachment crosses as hundreds of clean TCP segments", "[pcap][tshark]") {
    if (!haveProgram("tshark")) {
        WARN("tshark is not installed: skipping the Wireshark checks");
        return;
    }
    TempFile file(".pcap");
    const std::string lesson = sourcePath("scenarios/08-attachment-packets.json");
    const std::string tshark = tsharkOfRun(lesson, file);
    const CommandResult bad = runCommand(
        tshark + " -Y '_ws.malformed || _ws.expert.severity >= warning || tcp.analysis.flags'");
    REQUIRE(bad.status == 0);
    CHECK(bad.output.empty());
    const CommandResult data = runCommand(tshark + " -Y 'tcp.len >= 1400' -T fields -e frame.number");
    std::size_t full = 0;
    for (char c : data.output) full += c == '\n';
    CHECK(full >= 300);  // about 190 full segments on each of the two SMTP sessions
}

TEST_CASE("tshark reads a run with TLS: STARTTLS then TLS 1.3 handshakes, no malformed packet, no password in clear", "[pcap][tshark][tls]") {
    if (!haveProgram("tshark")) {
        WARN("tshark is not installed: skipping the Wireshark checks");
        return;
    }
    TempFile file(".pcap");
    const std::string lesson = sourcePath("tests/corpus/tls/02-with-tls.json");
    const std::string tshark = tsharkOfRun(lesson, file);
    // Wireshark follows SMTP's STARTTLS into TLS: four handshakes (two submissions, two relays).
    const CommandResult hellos = runCommand(tshark + " -Y 'tls.handshake.type == 1' -T fields -e tls.handshake.extensions_server_name");
    REQUIRE(hellos.status == 0);
    CHECK(hellos.output == "mail.sender.example\nmail.recipient.example\nmail.sender.example\nmail.recipient.example\n");
    // (Wireshark keeps a command's first four letters: STARTTLS shows as "STAR".)
    const CommandResult starttls = runCommand(tshark + " -Y smtp.req.command -T fields -e tcp.stream -e smtp.req.command");
    for (const char* line : {"0\tSTAR\n", "1\tSTAR\n", "2\tSTAR\n", "3\tSTAR\n"}) CHECK(starttls.output.find(line) != std::string::npos);
    // The password is not readable on the wire any more.
    const CommandResult auth = runCommand(tshark + " -Y smtp.auth.username -T fields -e smtp.auth.username");
    CHECK(auth.output.empty());
    const CommandResult bad = runCommand(tshark + " -Y '_ws.malformed || _ws.expert.severity >= error'");
    REQUIRE(bad.status == 0);
    CHECK(bad.output.empty());
}

TEST_CASE("tshark reads POP3 and IMAP with TLS: STLS and STARTTLS then TLS, no password in clear", "[pcap][tshark][tls]") {
    if (!haveProgram("tshark")) {
        WARN("tshark is not installed: skipping the Wireshark checks");
        return;
    }
    for (const char* lesson : {"04-pop3-two-devices.json", "05-imap-two-devices.json"}) {
        const bool pop3 = std::string(lesson).find("pop3") != std::string::npos;
        INFO(lesson);
        scenario::Scenario s = loadLesson(lesson);
        for (auto& n : s.nodes)
            if (n.type == scenario::NodeType::MailServer) n.tls.enabled = true;
        TempFile scenarioFile(".json");
        REQUIRE(scenario::saveScenarioFile(s, scenarioFile.path).ok());
        TempFile file(".pcap");
        const std::string tshark = tsharkOfRun(scenarioFile.path, file);
        // Wireshark follows STLS / STARTTLS into TLS: a ClientHello on every connection to 110 / 143.
        const std::string port = pop3 ? "110" : "143";
        const CommandResult asked = runCommand(tshark + (pop3 ? " -Y 'pop.request.command == \"STLS\"'"
                                                             : " -Y 'imap.request.command == \"STARTTLS\"'") +
                                               " -T fields -e tcp.stream");
        const CommandResult hellos =
            runCommand(tshark + " -Y 'tls.handshake.type == 1 && tcp.dstport == " + port + "' -T fields -e tcp.stream");
        REQUIRE(hellos.status == 0);
        CHECK_FALSE(asked.output.empty());
        CHECK(hellos.output == asked.output);
        // No login readable on the wire.
        const CommandResult login = runCommand(tshark + (pop3 ? " -Y 'pop.request.command == \"PASS\"'"
                                                             : " -Y 'imap.request.command == \"LOGIN\"'"));
        CHECK(login.output.empty());
        const CommandResult bad = runCommand(tshark + " -Y '_ws.malformed || _ws.expert.severity >= error'");
        REQUIRE(bad.status == 0);
        CHECK(bad.output.empty());
    }
}

TEST_CASE("tshark reads DNS over TCP after a truncated answer: the query and the whole TXT answer", "[pcap][tshark][dns]") {
    if (!haveProgram("tshark")) {
        WARN("tshark is not installed: skipping the Wireshark checks");
        return;
    }
    // Lesson 15 with the bank's SPF record grown past what a UDP answer holds.
    auto s = loadLesson("15-forged-sender.json");
    std::string record = "v=spf1";
    for (int i = 0; i < 40; ++i) record += " ip4:10.0." + std::to_string(i) + ".0/24";
    record += " ip4:192.0.2.25 -all";
    bool replaced = false;
    for (auto& n : s.nodes)
        for (auto& z : n.zones)
            for (auto& r : z.records)
                if (r.name == "bank.example" && r.type == scenario::RecordType::TXT) r.texts = {record}, replaced = true;
    REQUIRE(replaced);
    TempFile scenarioFile(".json");
    REQUIRE(scenario::saveScenarioFile(s, scenarioFile.path).ok());
    TempFile file(".pcap");
    const std::string tshark = tsharkOfRun(scenarioFile.path, file);
    const CommandResult tc = runCommand(tshark + " -Y 'udp && dns.flags.truncated == 1' -T fields -e dns.qry.name");
    REQUIRE(tc.status == 0);
    CHECK(tc.output == "bank.example\n");
    const CommandResult tcp = runCommand(tshark + " -Y 'tcp.port == 53 && dns' -T fields -e dns.flags.response -e dns.txt");
    REQUIRE(tcp.status == 0);
    CHECK(tcp.output.rfind("0\t\n1\t" + record.substr(0, 255) + "," + record.substr(255, 255) + ",", 0) == 0);
    const CommandResult bad = runCommand(tshark + " -Y '_ws.malformed || tcp.analysis.flags'");
    REQUIRE(bad.status == 0);
    CHECK(bad.output.empty());
}
