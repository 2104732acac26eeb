// Tests for the Shell module land here.
import Testing
