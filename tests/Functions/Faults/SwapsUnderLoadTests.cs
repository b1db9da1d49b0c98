using System.Net;
using Recommender.Tests.TestSupport;
using Xunit.Abstractions;

namespace Recommender.Tests.Functions.Faults;

/// <summary>
/// Model swaps under load: while a closed loop of recommendation requests runs, two versions are activated in turn
/// through the admin route and each is seen served; not one request of the loop may fail. (The fault runner,
/// tools/faults, does the same at full size under wrk.)
/// </summary>
[Collection(FaultAppCollection.Name)]
public class SwapsUnderLoadTests(FunctionAppFixture app, ITestOutputHelper output) : IClassFixture<FunctionAppFixture>
{
    private const int Swaps = 3;
    private const int Connections = 4;

    [Fact]
    public async Task ThreeSwapsUnderLoad_FailNoRequest()
    {
        string v2 = app.Train("--no-feedback").Json.GetProperty("version").GetString()!;
        Assert.NotEqual(app.V1, v2);

        HttpLoadLoop.Figures figures;
        await using (HttpLoadLoop load = HttpLoadLoop.Start(app.Client.BaseAddress!, $"/api/recommendations/{app.KnownUser}?k=10", Connections))
        {
            string? served = await app.HealthVersionAsync();
            for (int swap = 0; swap < Swaps; swap++)
            {
                string target = served == v2 ? app.V1 : v2;
                using HttpResponseMessage activate = await app.Client.SendAsync(FunctionsHostProcess.Admin(HttpMethod.Post, $"/api/models/{target}/activate"));
                Assert.Equal(HttpStatusCode.OK, activate.StatusCode);
                Assert.True(await Poll.UntilAsync(async () => await app.HealthVersionAsync() == target, TimeSpan.FromSeconds(30)), $"{target} was never served:\n{app.App.Log}");
                served = target;
            }

            figures = await load.StopAsync();
        }

        output.WriteLine($"{Swaps} swaps under {Connections} connections: {figures.Requests} requests in {figures.Elapsed.TotalSeconds:0.0} s, {figures.Non2xx} not 2xx ({string.Join(", ", figures.Statuses.Select(s => $"{s.Key}: {s.Value}"))})");
        Assert.True(figures.Requests > Swaps, $"the load loop sent only {figures.Requests} requests");
        Assert.Equal(0, figures.Non2xx);
    }
}
