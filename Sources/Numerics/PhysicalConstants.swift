// Physical constants the engines and the shell convert units with (CODATA 2018,
// exact in the 2019 SI where the definition makes them so).

/// Physical constants.
///
///     let kT = PhysicalConstants.boltzmann * 300   // eV at 300 K
public enum PhysicalConstants {
    /// The Boltzmann constant k_B in eV/K: CODATA 2018's 8.617333262e-5 eV/K, to the digits smol uses
    /// (1.380649e-23 J/K divided by 1.602176634e-19 C, both exact).
    public static let boltzmann = 8.617333262145e-5
}
