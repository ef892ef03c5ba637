"""Site families: one module per platform the real news is published on."""

from replica.families.blogger import BloggerSite
from replica.families.media import MediaSite
from replica.families.network import NetworkSite
from replica.families.portal import PortalSite
from replica.families.wordpress import WordPressSite

FAMILY_CLASSES = {
    "wordpress": WordPressSite,
    "blogger": BloggerSite,
    "portal": PortalSite,
    "network": NetworkSite,
    "media": MediaSite,
}
