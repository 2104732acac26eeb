// Tests for the Lattice module land here.
import Testing
