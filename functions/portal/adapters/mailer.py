"""
Sending e-mail with SES (v2). Messages are rendered by the portal, never by SES
templates, and sent as simple content: SES builds the headers, so no user text reaches one.
"""

from typing import TYPE_CHECKING

from portal.adapters.aws_errors import reports_unavailability
from portal.mail.render import RenderedMail

if TYPE_CHECKING:
    from mypy_boto3_sesv2 import SESV2Client
    from mypy_boto3_sesv2.type_defs import SendEmailRequestTypeDef


@reports_unavailability()
class SesMailer:
    def __init__(
        self,
        sender: str,
        client: "SESV2Client",
        configuration_set: str | None = None,
    ) -> None:
        self.sender = sender
        self.configuration_set = configuration_set
        self.client = client

    def send(self, to: str, message: RenderedMail) -> str:
        request: SendEmailRequestTypeDef = {
            "FromEmailAddress": self.sender,
            "Destination": {"ToAddresses": [to]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": message.subject, "Charset": "UTF-8"},
                    "Body": {
                        "Text": {"Data": message.text, "Charset": "UTF-8"},
                        "Html": {"Data": message.html, "Charset": "UTF-8"},
                    },
                    "Headers": [{"Name": "Content-Language", "Value": message.language}],
                }
            },
        }
        if self.configuration_set:
            request["ConfigurationSetName"] = self.configuration_set
        return self.client.send_email(**request)["MessageId"]
