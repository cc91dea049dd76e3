"""What the browser tests share about TOTP codes, with no Django import: the journeys' server
reads it before Django is set up."""

# A code the browser types reaches the server a moment later; in the last seconds of its
# period it would arrive in the next, where the server refuses it.
TOTP_MARGIN_SECONDS = 4
