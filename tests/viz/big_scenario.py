#!/usr/bin/env python3
"""Writes a big scenario for the visualizer's frame benchmark: 200 nodes (a core router,
9 provider routers each with a mail server and 20 laptops, a DNS server) where every laptop
sends an attachment (60 kB unless told) at the same second: at the busiest moment about 4,800
packets are in flight; 20 kB gives about 2,000 (the frame target's figure).
Usage: big_scenario.py OUT.json [ATTACHMENT_BYTES]   then   postino-viz OUT.json --bench-frames 300"""
import json
import sys

attachment = int(sys.argv[2]) if len(sys.argv) > 2 else 60000

nodes = [{"id": "core", "type": "router", "ip": "198.51.100.1"},
         {"id": "dns", "type": "dns_server", "hostname": "ns.example.net", "ip": "198.51.100.53", "zones": []}]
links = [{"a": "dns", "b": "core", "latency_ms": 5}]
actions = []
for p in range(9):
    domain = f"p{p}.example"
    gw, mail = f"gw{p}", f"mail{p}"
    net = f"10.{p}.0"
    nodes.append({"id": gw, "type": "router", "ip": f"{net}.1"})
    users = [{"address": f"u{c}@{domain}", "password": "pw"} for c in range(20)]
    nodes.append({"id": mail, "type": "mail_server", "hostname": f"mail.{domain}", "ip": f"{net}.25",
                  "domains": [domain], "users": users, "resolver": "dns"})
    nodes[1]["zones"].append({"origin": domain, "records": [
        {"name": "@", "type": "MX", "preference": 10, "exchange": f"mail.{domain}"},
        {"name": "mail", "type": "A", "address": f"{net}.25"}]})
    links += [{"a": gw, "b": "core", "latency_ms": 20, "bandwidth_mbps": 10},
              {"a": gw, "b": mail, "latency_ms": 1, "bandwidth_mbps": 100}]
    for c in range(20):
        laptop = f"l{p}-{c}"
        nodes.append({"id": laptop, "type": "client", "ip": f"{net}.{100 + c}",
                      "accounts": [{"address": f"u{c}@{domain}", "password": "pw", "server": mail}]})
        links.append({"a": laptop, "b": gw, "latency_ms": 30, "bandwidth_mbps": 5})
        actions.append({"type": "send", "at": 1.0, "node": laptop, "from": f"u{c}@{domain}",
                        "to": [f"u{c}@p{(p + 1) % 9}.example"], "subject": f"Photos {p}-{c}", "body": "Here.",
                        "attachments": [{"name": "photo.jpg", "size": attachment}]})
scenario = {"title": {"en": "200 nodes, 180 photos at once"}, "seed": 3, "nodes": nodes, "links": links,
            "actions": actions}
json.dump(scenario, open(sys.argv[1], "w"), indent=1)
print(f"{len(nodes)} nodes, {len(links)} links, {len(actions)} mails")
