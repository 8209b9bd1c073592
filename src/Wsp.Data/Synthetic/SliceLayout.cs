namespace Wsp.Data.Synthetic;

/// <summary>
/// Where each structure of one patient lies in one axial slice (patient frame, mm: +x towards the patient's right,
/// +y anterior). The craniocaudal position z in [0, 1) decides which organs appear and how large they are: kidneys
/// low, spleen mid-upper, lung bases at the top, and a liver that grows from a small anterior tip through a large
/// mid-section (with the caudate lobe) to a small dome.
/// </summary>
internal sealed class SliceLayout
{
    private const double Degree = Math.PI / 180;

    public SliceLayout(PatientAnatomy p, double z)
    {
        Z = z;
        double a = p.BodyHalfWidth * (1.03 - 0.06 * z), b = p.BodyHalfDepth;
        Body = new Ellipse(0, 0, a, b);
        Muscle = new Ellipse(0, 0, a - p.FatThickness, b - p.FatThickness);
        double ac = a - p.FatThickness - p.MuscleThickness, bc = b - p.FatThickness - p.MuscleThickness;
        Cavity = new Ellipse(0, 0, ac, bc);
        RibRing = new Ellipse(0, 0, a - p.FatThickness - 0.5 * p.MuscleThickness, b - p.FatThickness - 0.5 * p.MuscleThickness);
        double spine = -PosteriorFlattening * b + p.FatThickness + 55;

        VertebralBody = new Ellipse(0, spine, 17 + 4 * (1 - z), 15 + 3 * (1 - z));
        SpinalCanal = new Ellipse(0, spine - 24, 8, 8);
        VertebralArch = new Ellipse(0, spine - 24, 13, 13);
        SpinousProcess = new Ellipse(0, spine - 44, 4.5, 13);
        TransverseRight = new Ellipse(22, spine - 20, 13, 4.5, -15 * Degree);
        TransverseLeft = new Ellipse(-22, spine - 20, 13, 4.5, 15 * Degree);
        ParaspinalRight = new Ellipse(27, spine - 42, 22, 24);
        ParaspinalLeft = new Ellipse(-27, spine - 42, 22, 24);
        double psoas = z < 0.5 ? 6 + 18 * (0.5 - z) / 0.5 : 0;
        PsoasRight = new Ellipse(33, spine + 4, psoas, psoas * 1.15);
        PsoasLeft = new Ellipse(-33, spine + 4, psoas, psoas * 1.15);
        Aorta = new Ellipse(-14, spine + 30, 11, 11);
        VenaCava = new Ellipse(24, spine + 28, 12, 9);

        // The liver, as a function of the normalised height u within it (0 = inferior tip, 1 = dome).
        double u = (z - p.LiverBottom) / (p.LiverTop - p.LiverBottom);
        LiverPresent = u is > 0 and < 1;
        if (LiverPresent)
        {
            double profile = u < 0.55 ? 0.42 + 0.58 * SmoothStep(0, 0.55, u) : Math.Sqrt(1 - Math.Pow((u - 0.55) / 0.45, 2));
            double right = profile * p.RightLobeScale;
            // The inferior tip lies anterior and lateral; higher up the lobe fills the right upper quadrant.
            double cy = Lerp(0.12 * bc, -0.05 * bc, SmoothStep(0, 0.45, u));
            double cx = Lerp(0.58 * ac, 0.42 * ac, SmoothStep(0, 0.45, u));
            RightLobe = new Ellipse(cx, cy, 0.52 * ac * right, 0.6 * bc * right, -10 * Degree);
            double caudate = Bump(u, 0.38, 0.8) * p.CaudateScale;
            Caudate = new Ellipse(10, spine + 52, 15 * caudate, 17 * caudate);
            double left = Bump(u, 0.35, 1.0) * p.LeftLobeScale;
            LeftLobe = new Ellipse(-0.12 * ac, 0.45 * bc, 0.42 * ac * left, 0.28 * bc * left, 12 * Degree);
            double portal = Bump(u, 0.3, 0.62);
            PortalVein = new Ellipse(28, spine + 62, 8 * portal, 7 * portal);
            // Ascites collects around the liver and spleen and in the gutters, below the liver's upper third.
            AscitesHere = u < 0.7;
        }
        else
        {
            RightLobe = Caudate = LeftLobe = PortalVein = new Ellipse(0, 0, 0, 0);
            AscitesHere = z < p.LiverBottom;
        }

        double spleenProfile = 1 - Math.Pow((z - p.SpleenCentre) / p.SpleenHalfExtent, 2);
        double spleen = spleenProfile > 0 ? Math.Sqrt(spleenProfile) * p.SpleenScale : 0;
        double spleenX = -0.62 * ac, spleenY = -0.22 * bc;
        Spleen = new Ellipse(spleenX, spleenY, 52 * spleen, 21 * spleen, Math.Atan2(spleenY, spleenX) + Math.PI / 2);

        double stomach = Bump(z, 0.55, 0.9);
        Stomach = new Ellipse(-0.3 * ac, 0.12 * bc, 0.28 * ac * stomach, 0.32 * bc * stomach, 30 * Degree);
        StomachLumen = new Ellipse(-0.3 * ac, 0.12 * bc, 0.28 * ac * stomach - 4, 0.32 * bc * stomach - 4, 30 * Degree);
        StomachAirLine = 0.12 * bc + 0.14 * bc * stomach;

        double rightKidney = Profile(z, p.KidneyCentre - 0.02, 0.17), leftKidney = Profile(z, p.KidneyCentre + 0.02, 0.17);
        RightKidney = new Ellipse(0.5 * ac, spine + 8, 21 * rightKidney, 31 * rightKidney, 25 * Degree);
        RightSinus = new Ellipse(0.5 * ac - 6, spine + 12, 8 * rightKidney, 13 * rightKidney, 25 * Degree);
        LeftKidney = new Ellipse(-0.5 * ac, spine + 10, 21 * leftKidney, 31 * leftKidney, -25 * Degree);
        LeftSinus = new Ellipse(-0.5 * ac + 6, spine + 14, 8 * leftKidney, 13 * leftKidney, -25 * Degree);

        double lung = SmoothStep(0.7, 0.98, z);
        RightLung = new Ellipse(0.5 * ac, -0.45 * bc, 0.5 * ac * lung, 0.6 * bc * lung);
        LeftLung = new Ellipse(-0.5 * ac, -0.45 * bc, 0.5 * ac * lung, 0.6 * bc * lung);

        Ribs = PlaceRibs(z);
    }

    /// <summary>The back is flatter than the front: y is divided by this below the body's centre.</summary>
    public const double PosteriorFlattening = 0.92;

    public double Z { get; }
    public bool LiverPresent { get; }
    public bool AscitesHere { get; }
    public Ellipse Body { get; }
    public Ellipse Muscle { get; }
    public Ellipse Cavity { get; }
    public Ellipse RibRing { get; }
    public Ellipse VertebralBody { get; }
    public Ellipse SpinalCanal { get; }
    public Ellipse VertebralArch { get; }
    public Ellipse SpinousProcess { get; }
    public Ellipse TransverseRight { get; }
    public Ellipse TransverseLeft { get; }
    public Ellipse ParaspinalRight { get; }
    public Ellipse ParaspinalLeft { get; }
    public Ellipse PsoasRight { get; }
    public Ellipse PsoasLeft { get; }
    public Ellipse Aorta { get; }
    public Ellipse VenaCava { get; }
    public Ellipse PortalVein { get; }
    public Ellipse RightLobe { get; }
    public Ellipse Caudate { get; }
    public Ellipse LeftLobe { get; }
    public Ellipse Spleen { get; }
    public Ellipse Stomach { get; }
    public Ellipse StomachLumen { get; }
    public double StomachAirLine { get; }
    public Ellipse RightKidney { get; }
    public Ellipse RightSinus { get; }
    public Ellipse LeftKidney { get; }
    public Ellipse LeftSinus { get; }
    public Ellipse RightLung { get; }
    public Ellipse LeftLung { get; }
    public Ellipse[] Ribs { get; }

    // Rib cross-sections along the body wall: posterior ribs from mid-abdomen up, the anterior arc only near the chest.
    private Ellipse[] PlaceRibs(double z)
    {
        if (z < 0.42) return Array.Empty<Ellipse>();
        double reach = Lerp(-60, 75, SmoothStep(0.42, 0.95, z)) * Degree;
        var ribs = new List<Ellipse>();
        for (int k = 0; k < 8; k++)
        {
            double theta = (-128 + 26 * k + 30 * z) * Degree;
            if (theta > reach) break;
            double x = RibRingHalfWidth * Math.Cos(theta), y = RibRingHalfDepth * Math.Sin(theta) * (theta < 0 ? PosteriorFlattening : 1);
            ribs.Add(new Ellipse(x, y, 5, 7, theta));
            ribs.Add(new Ellipse(-x, y, 5, 7, Math.PI - theta));
        }
        return ribs.ToArray();
    }

    private double RibRingHalfWidth => Math.Sqrt(1 / RibRing.Level(1, 0));
    private double RibRingHalfDepth => Math.Sqrt(1 / RibRing.Level(0, 1));

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;

    private static double SmoothStep(double from, double to, double x)
    {
        double t = Math.Clamp((x - from) / (to - from), 0, 1);
        return t * t * (3 - 2 * t);
    }

    /// <summary>A smooth bump: 0 outside (from, to), 1 in the middle.</summary>
    private static double Bump(double x, double from, double to)
    {
        double t = (x - from) / (to - from);
        return t is > 0 and < 1 ? Math.Sqrt(Math.Sin(Math.PI * t)) : 0;
    }

    /// <summary>An ellipsoid's cross-section radius factor at z, centred at <paramref name="centre"/>.</summary>
    private static double Profile(double z, double centre, double halfExtent)
    {
        double r = 1 - Math.Pow((z - centre) / halfExtent, 2);
        return r > 0 ? Math.Sqrt(r) : 0;
    }
}
