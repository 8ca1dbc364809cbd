"""Who uploads a photo waiting on a form, as its quota counts them (pure)."""
from ieg.casework import pending_uploads


def test_a_client_is_a_keyed_hash_of_its_address_or_its_ipv6_slash_64():
    key = pending_uploads.client_key
    assert key("s", "192.0.2.1") == key("s", "::ffff:192.0.2.1") != key("s", "192.0.2.2")
    assert key("s", "2001:db8::1") == key("s", "2001:db8::ffff:1") != key("s", "2001:db8:0:1::1")
    assert key("s", "192.0.2.1") != key("another secret", "192.0.2.1")  # keyed: not guessable from addresses
    assert key("s", "") == key("s", None) == key("s", "not an address")
    assert len(key("s", "192.0.2.1")) == 32
