namespace Recommender.Core.Serving;

/// <summary>How the recommend path scores the catalogue; <see cref="Auto"/> outside tests and benchmarks.</summary>
internal enum ScoringPath
{
    /// <summary>The fastest quantised shortlist this CPU runs (see <see cref="ScoringPaths.Preferred"/>), else the exact scan.</summary>
    Auto,

    /// <summary>Float dot product with every item, then top-K.</summary>
    Exact,

    /// <summary>The quantised shortlist with a scalar scan: same results, runs on any CPU (tests use it).</summary>
    QuantizedPortable,

    /// <summary>The quantised shortlist with the AVX-VNNI scan (u8 x s8 sums of four in one instruction).</summary>
    QuantizedVnni,

    /// <summary>The quantised shortlist with the AVX-512BW scan (vpmaddubsw then vpmaddwd, sixteen lanes).</summary>
    QuantizedAvx512BW,

    /// <summary>The quantised shortlist with the AVX2 scan (vpmaddubsw then vpmaddwd, eight lanes).</summary>
    QuantizedAvx2,
}
