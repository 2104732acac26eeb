// Tests for the Inference module land here.
import Testing
