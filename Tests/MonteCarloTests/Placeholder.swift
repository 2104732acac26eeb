// Tests for the MonteCarlo module land here.
import Testing
