"""The Qt desk. Qt is imported only under this package."""
