"""Recognising a bot-challenge page: the answer a site gives a crawler instead of its content.

Sites behind a bot manager (MOD's HTML, by other projects' accounts) answer with a small page that
asks the browser to run a script or solve a captcha. Reading it as a release would store junk, and
asking again soon meets the same wall: it is ``blocked``, not ``unavailable``.
"""
from __future__ import annotations

import re

# Headers bot managers set on a challenge, whatever the status (Cloudflare, AWS WAF).
CHALLENGE_HEADERS = {"cf-mitigated": {"challenge"}, "x-amzn-waf-action": {"challenge", "captcha"}}
# Markers in the page itself; a challenge page is small, so only the first bytes are looked at.
CHALLENGE_MARKERS = re.compile(
    rb"/cdn-cgi/challenge-platform/|<title>\s*Just a moment\.\.\.\s*</title>|_Incapsula_Resource"
    rb"|AwsWafIntegration|awsWafCookieDomainList|/_sec/cp_challenge/|<title>\s*Access Denied\s*</title>",
    re.IGNORECASE)
SCANNED_BYTES = 32 * 1024


def challenge_reason(headers, body: bytes, content_type: str | None) -> str | None:
    """Why this response looks like a bot challenge (a short phrase), or None if it does not."""
    for name, values in CHALLENGE_HEADERS.items():
        if (headers.get(name) or "").strip().lower() in values:
            return f"{name}: {headers.get(name)}"
    if content_type and "html" not in content_type.lower():
        return None
    match = CHALLENGE_MARKERS.search(body[:SCANNED_BYTES])
    return f"challenge page ({match.group(0).decode('ascii', 'replace')})" if match else None
