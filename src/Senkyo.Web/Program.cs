using Senkyo.Web;

var app = SenkyoWebApplication.Build(args);
await app.RunAsync();

/// <summary>Entry point; public so in-process tests can start the app with WebApplicationFactory.</summary>
public partial class Program;
