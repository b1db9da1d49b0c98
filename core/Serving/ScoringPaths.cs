using System.Runtime.Intrinsics.X86;

namespace Recommender.Core.Serving;

/// <summary>Which scoring paths this CPU can run, the one requests take by default, and their names in reports.</summary>
internal static class ScoringPaths
{
    /// <summary>
    /// The default path: AVX-VNNI (one instruction per four bytes), else AVX-512BW, else AVX2, else the exact float
    /// scan (the scalar quantised scan is slower than the vectorised float scan, so it is never the default).
    /// </summary>
    public static ScoringPath Preferred { get; } =
        AvxVnni.IsSupported ? ScoringPath.QuantizedVnni
        : Avx512BW.IsSupported ? ScoringPath.QuantizedAvx512BW
        : Avx2.IsSupported ? ScoringPath.QuantizedAvx2
        : ScoringPath.Exact;

    public static bool IsSupported(ScoringPath path) => path switch
    {
        ScoringPath.QuantizedVnni => AvxVnni.IsSupported,
        ScoringPath.QuantizedAvx512BW => Avx512BW.IsSupported,
        ScoringPath.QuantizedAvx2 => Avx2.IsSupported,
        _ => true,
    };

    public static string Name(ScoringPath path) => path switch
    {
        ScoringPath.Auto => Name(Preferred),
        ScoringPath.Exact => "exact",
        ScoringPath.QuantizedPortable => "quantized-portable",
        ScoringPath.QuantizedVnni => "quantized-vnni",
        ScoringPath.QuantizedAvx512BW => "quantized-avx512bw",
        ScoringPath.QuantizedAvx2 => "quantized-avx2",
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };
}
