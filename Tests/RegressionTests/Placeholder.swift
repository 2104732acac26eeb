// Tests for the Regression module land here.
import Testing
