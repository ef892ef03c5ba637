import pytest

from crawler.middlewares.private_address import is_internal, parse_ip, resolves_internal


@pytest.mark.parametrize("host", [
    "127.0.0.1", "2130706433", "0x7f000001", "0x7f.0.0.1", "127.1", "10.1.2.3", "192.168.0.9",
    "169.254.169.254", "[::1]", "::ffff:127.0.0.1", "0177.0.0.1", "localhost",
])
def test_internal_in_every_spelling(host):
    assert resolves_internal(host)


def test_public_addresses_pass():
    assert not is_internal(parse_ip("8.8.8.8"))
    assert parse_ip("example.com") is None
