// Tests for the Closure module land here.
import Testing
