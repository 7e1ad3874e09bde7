"""Pluggable SMS backends (LEAD-5 post-visit messages, staff reminders).

settings.SMS_BACKEND names the class. Shipped:
- ConsoleBackend (default): prints the message; nothing leaves the machine.
- FileBackend: appends each message as a JSON line to settings.SMS_FILE_PATH.
- AliyunBackend: Alibaba Cloud SMS (dysmsapi SendSms), configured by
  SMS_ALIYUN_ACCESS_KEY_ID / SMS_ALIYUN_ACCESS_KEY_SECRET / SMS_ALIYUN_SIGN_NAME /
  SMS_ALIYUN_TEMPLATE_CODE. Chinese carriers only deliver registered templates,
  so it sends the template code with the message's fields as parameters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import sys
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The provider refused or could not be reached."""


@dataclass
class SmsMessagePayload:
    mobile: str
    text: str
    params: dict[str, str] = field(default_factory=dict)


class BaseBackend:
    name = "base"

    def send(self, message: SmsMessagePayload) -> str:
        """Send; return the provider's message id. Raise SmsError on failure."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    name = "console"

    def send(self, message: SmsMessagePayload) -> str:
        sys.stdout.write(f"[SMS to {message.mobile}] {message.text}\n")
        return f"console-{uuid.uuid4().hex[:12]}"


class FileBackend(BaseBackend):
    name = "file"

    def send(self, message: SmsMessagePayload) -> str:
        path = Path(getattr(settings, "SMS_FILE_PATH", settings.BASE_DIR / "var" / "sms.jsonl"))
        path.parent.mkdir(parents=True, exist_ok=True)
        message_id = f"file-{uuid.uuid4().hex[:12]}"
        record = {"id": message_id, "mobile": message.mobile, "text": message.text}
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return message_id


def _pct(value: str) -> str:
    return urllib.parse.quote(value, safe="~")


def aliyun_signature(params: dict[str, str], secret: str, method: str = "GET") -> str:
    """Alibaba Cloud RPC signature (HMAC-SHA1 over the sorted, encoded query)."""
    canonical = "&".join(f"{_pct(k)}={_pct(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{_pct('/')}&{_pct(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunBackend(BaseBackend):
    name = "aliyun"
    endpoint = "https://dysmsapi.aliyuncs.com/"

    def send(self, message: SmsMessagePayload) -> str:
        params = {
            "AccessKeyId": settings.SMS_ALIYUN_ACCESS_KEY_ID,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": message.mobile,
            "RegionId": "cn-hangzhou",
            "SignName": settings.SMS_ALIYUN_SIGN_NAME,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": settings.SMS_ALIYUN_TEMPLATE_CODE,
            "TemplateParam": json.dumps(message.params, ensure_ascii=False),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        params["Signature"] = aliyun_signature(params, settings.SMS_ALIYUN_ACCESS_KEY_SECRET)
        url = f"{self.endpoint}?{urllib.parse.urlencode(params)}"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
                body = json.loads(response.read().decode())
        except (OSError, ValueError) as exc:
            raise SmsError(str(exc)) from exc
        if body.get("Code") != "OK":
            raise SmsError(f"{body.get('Code')}: {body.get('Message')}")
        return body.get("BizId", "")


def get_backend() -> BaseBackend:
    path = getattr(settings, "SMS_BACKEND", "dealership.sms.ConsoleBackend")
    return import_string(path)()
