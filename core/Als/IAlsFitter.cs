namespace Recommender.Core.Als;

/// <summary>Fits implicit ALS on one compute device; the seam between the CPU solver and GPU backends.</summary>
public interface IAlsFitter
{
    /// <summary>The device this fitter runs on, for manifests and progress output.</summary>
    ComputeDeviceInfo Device { get; }

    /// <summary>
    /// Whether this fitter takes <see cref="AlsOptions.RegularizationExponent"/> other than 0 and
    /// <see cref="AlsOptions.UnobservedWeight"/> other than 1 (the tuner searches them only then).
    /// </summary>
    bool SupportsScaledRegularization => true;

    /// <summary>
    /// Fits user and item factors to <paramref name="userItems"/> (users x items, raw strengths r, confidence from options).
    /// Throws <see cref="AlsDivergedException"/> if any factor becomes NaN or infinite.
    /// </summary>
    AlsFactors Fit(CsrMatrix userItems, AlsOptions options, IProgress<AlsIterationReport>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>What a fitter reports after each iteration.</summary>
/// <param name="Iteration">1-based iteration number.</param>
/// <param name="Seconds">Wall-clock seconds this iteration took.</param>
/// <param name="Loss">Weighted objective after the iteration, when <see cref="AlsOptions.ComputeLoss"/> is on.</param>
public readonly record struct AlsIterationReport(int Iteration, double Seconds, double? Loss);

/// <summary>Describes the device a fitter runs on.</summary>
public sealed record ComputeDeviceInfo(string Kind, string Name, string Vendor, int ComputeUnits);

/// <summary>Thrown when training produces a NaN or infinite factor.</summary>
public sealed class AlsDivergedException(string message) : Exception(message);
