namespace Recommender.Core.Serving;

/// <summary>How the recommend path scores the catalogue; <see cref="Auto"/> outside tests and benchmarks.</summary>
internal enum ScoringPath
{
    /// <summary>The quantised VNNI shortlist where the CPU has AVX-VNNI, else the exact float scan.</summary>
    Auto,

    /// <summary>Float dot product with every item, then top-K.</summary>
    Exact,

    /// <summary>The quantised shortlist with a scalar scan: same results, runs on any CPU (tests use it).</summary>
    QuantizedPortable,

    /// <summary>The quantised shortlist with the AVX-VNNI scan.</summary>
    QuantizedVnni,
}
