"""The columns of each LinkedIn export file, under every spelling its generations used."""

from __future__ import annotations

from graphintro.importers.tabular import Columns


def _aliases(**columns: str) -> Columns:
    return Columns(**columns)


CONNECTION_COLUMNS = _aliases(
    first_name="First Name",
    last_name="Last Name",
    url="URL|Profile URL",
    email="Email Address|Email",
    company="Company",
    position="Position",
    connected_on="Connected On",
)
MESSAGE_COLUMNS = _aliases(
    conversation="CONVERSATION ID",
    sender="FROM",
    sender_url="SENDER PROFILE URL",
    to="TO",
    recipient_urls="RECIPIENT PROFILE URLS",
    date="DATE",
    subject="SUBJECT",
    content="CONTENT",
    direction="DIRECTION",
    folder="FOLDER",
    draft="IS MESSAGE DRAFT",
)
INVITATION_COLUMNS = _aliases(
    sender="From",
    to="To",
    sent_at="Sent At",
    message="Message",
    direction="Direction",
    inviter_url="inviterProfileUrl",
    invitee_url="inviteeProfileUrl",
)
ENDORSEMENT_COLUMNS = _aliases(
    date="Endorsement Date",
    skill="Skill Name",
    first_name="Endorser First Name",
    last_name="Endorser Last Name",
    url="Endorser Public Url",
    status="Endorsement Status",
)
ENDORSEMENT_GIVEN_COLUMNS = _aliases(
    date="Endorsement Date",
    skill="Skill Name",
    first_name="Endorsee First Name",
    last_name="Endorsee Last Name",
    url="Endorsee Public Url",
    status="Endorsement Status",
)
RECOMMENDATION_COLUMNS = _aliases(
    first_name="First Name",
    last_name="Last Name",
    company="Company",
    position="Job Title",
    text="Text",
    date="Creation Date",
    status="Status",
)
POSITION_COLUMNS = _aliases(
    company="Company Name",
    title="Title",
    started_on="Started On",
    finished_on="Finished On",
    location="Location",
    description="Description",
)
PROFILE_COLUMNS = _aliases(
    first_name="First Name",
    last_name="Last Name",
    headline="Headline",
    industry="Industry",
    summary="Summary",
    location="Geo Location",
)
SKILL_COLUMNS = _aliases(name="Name")
AD_TARGETING_COLUMNS = _aliases(groups="Member Groups|Groups")
