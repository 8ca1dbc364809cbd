"""IEG: a council website, contact-centre casework and outcome evidence in one Flask app.

Importing the package loads nothing, so a pure rule (`ieg.workingtime`, `ieg.dates`...) can be
imported without Flask; the app is built by `ieg.factory.create_app`.
"""
