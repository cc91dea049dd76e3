"""Completing an issued certificate: PDF, signed credential, e-mail (written by the issuing
work of issue 4)."""


def complete_certificate(*, certificate_id: int) -> None:
    raise NotImplementedError("The certificate documents are being built in issue 4.")
