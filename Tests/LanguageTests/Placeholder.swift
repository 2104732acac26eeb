// Tests for the Language module land here.
import Testing
