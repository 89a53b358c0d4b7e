package oktasim

// The demo org's fixed vocabulary: invented people of an invented company, Acme Robotics.

var seedFirstNames = []string{
	"Aaliyah", "Aaron", "Adele", "Ahmed", "Aiko", "Alejandro", "Amara", "Anders", "Anika", "Arjun",
	"Beatriz", "Benjamin", "Bianca", "Bruno", "Camille", "Carlos", "Chen", "Chloe", "Daniel", "Dmitri",
	"Elena", "Emeka", "Emma", "Ethan", "Farah", "Felix", "Fatima", "Gabriel", "Grace", "Hana",
	"Hiroshi", "Ines", "Isaac", "Ivan", "Jamal", "Jasmine", "Javier", "Julia", "Kai", "Kamala",
	"Kenji", "Laila", "Lars", "Leah", "Liam", "Lucia", "Malik", "Maria", "Mateo", "Maya",
	"Mei", "Mohammed", "Nadia", "Noah", "Olga", "Omar", "Priya", "Rafael", "Rosa", "Samir",
	"Sofia", "Tariq", "Yuki", "Zara",
}

var seedLastNames = []string{
	"Abbott", "Adeyemi", "Alvarez", "Andersen", "Bauer", "Becker", "Brennan", "Castillo", "Chandra", "Cohen",
	"Dubois", "Eriksson", "Fernandes", "Fischer", "Garcia", "Gupta", "Hansen", "Hoffmann", "Ibrahim", "Ito",
	"Jensen", "Kaur", "Kim", "Kowalski", "Larsen", "Lopez", "Mahmoud", "Martin", "Mensah", "Moreau",
	"Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Petrov", "Quinn", "Ramirez", "Rossi",
	"Sato", "Schmidt", "Silva", "Singh", "Sokolov", "Tanaka", "Thompson", "Torres", "Usman", "Vargas",
	"Wagner", "Walsh", "Wang", "Weber", "Williams", "Xu", "Yamamoto", "Yilmaz", "Zhang", "Zimmerman",
}

// seedDepartments: name, titles (a title containing "Manager" makes a manager), cost center.
var seedDepartments = []struct {
	Name       string
	Titles     []string
	CostCenter string
	Weight     int
}{
	{"Engineering", []string{"Software Engineer", "Senior Software Engineer", "Staff Engineer", "QA Engineer", "DevOps Engineer", "Engineering Manager"}, "CC-100", 24},
	{"Sales", []string{"Account Executive", "Sales Development Representative", "Solutions Engineer", "Sales Manager"}, "CC-200", 16},
	{"Marketing", []string{"Content Strategist", "Demand Generation Specialist", "Product Marketing Manager"}, "CC-300", 8},
	{"Finance", []string{"Accountant", "Financial Analyst", "Controller", "Finance Manager"}, "CC-400", 6},
	{"Human Resources", []string{"HR Generalist", "Recruiter", "HR Manager"}, "CC-500", 6},
	{"IT", []string{"IT Support Specialist", "Systems Administrator", "Security Engineer", "IT Manager"}, "CC-600", 8},
	{"Customer Support", []string{"Support Engineer", "Customer Success Specialist", "Support Manager"}, "CC-700", 12},
	{"Legal", []string{"Counsel", "Paralegal", "Legal Operations Manager"}, "CC-800", 4},
	{"Operations", []string{"Operations Analyst", "Facilities Coordinator", "Operations Manager"}, "CC-900", 6},
	{"Product", []string{"Product Manager", "Product Designer", "UX Researcher", "Group Product Manager"}, "CC-110", 10},
}

var seedOffices = []struct{ City, State, Country, Phone string }{
	{"San Francisco", "CA", "US", "+1-415-555-"},
	{"New York", "NY", "US", "+1-212-555-"},
	{"Austin", "TX", "US", "+1-512-555-"},
	{"London", "", "GB", "+44-20-7946-"},
	{"Berlin", "", "DE", "+49-30-5557-"},
	{"Remote", "", "US", "+1-303-555-"},
}

// seedApps: label, app name, sign-on mode, status, groups assigned (by name).
var seedApps = []struct {
	Label, Name, SignOnMode, Status string
	Groups                          []string
}{
	{"Slack", "slack", "SAML_2_0", "ACTIVE", []string{"All Employees"}},
	{"Google Workspace", "google", "SAML_2_0", "ACTIVE", []string{"All Employees"}},
	{"Zoom", "zoomus", "SAML_2_0", "ACTIVE", []string{"All Employees", "Contractors"}},
	{"Workday", "workday", "SAML_2_0", "ACTIVE", []string{"All Employees"}},
	{"Salesforce", "salesforce", "SAML_2_0", "ACTIVE", []string{"Sales", "Customer Support"}},
	{"GitHub Enterprise Cloud", "githubcloud", "SAML_2_0", "ACTIVE", []string{"Engineering"}},
	{"Atlassian Cloud", "atlassian", "SAML_2_0", "ACTIVE", []string{"Engineering", "Product", "IT"}},
	{"AWS IAM Identity Center", "amazon_aws_sso", "SAML_2_0", "ACTIVE", []string{"AWS Admins"}},
	{"ServiceNow", "servicenow_app2", "SAML_2_0", "ACTIVE", []string{"IT", "Customer Support"}},
	{"Box", "boxnet", "SAML_2_0", "ACTIVE", []string{"Finance", "Legal"}},
	{"DocuSign", "docusign", "SAML_2_0", "ACTIVE", []string{"Legal", "Sales"}},
	{"Expensify", "expensify", "SAML_2_0", "ACTIVE", []string{"Managers"}},
	{"Employee Handbook", "bookmark", "BOOKMARK", "ACTIVE", []string{"Everyone"}},
	{"Legacy Intranet", "template_basic_auth", "BASIC_AUTH", "INACTIVE", nil},
	{"HR Source of Truth", "custom_identity_source", "BOOKMARK", "ACTIVE", nil},
}

// seedGroups are the OKTA_GROUP groups beyond one per department.
var seedGroups = []struct{ Name, Description string }{
	{"All Employees", "Every full-time employee of Acme Robotics"},
	{"Contractors", "Contractors and temporary staff"},
	{"Managers", "People managers"},
	{"New Hires", "Joined in the last 30 days"},
	{"VPN Users", "Allowed to use the corporate VPN"},
	{"GitHub Admins", "Owners of the GitHub organization"},
	{"AWS Admins", "Administrators of the AWS accounts"},
	{"Okta Administrators", "Admins of this Okta org"},
	{"San Francisco Office", "Badge access, San Francisco"},
	{"New York Office", "Badge access, New York"},
	{"London Office", "Badge access, London"},
	{"Berlin Office", "Badge access, Berlin"},
	{"Remote Workers", "People without a home office"},
}

// seedRules: name, expression, target group names, active.
var seedRules = []struct {
	Name, Expression string
	Groups           []string
	Active           bool
}{
	{"Employees to All Employees", `user.userType=="Employee"`, []string{"All Employees"}, true},
	{"Contractors", `user.userType=="Contractor"`, []string{"Contractors"}, true},
	{"People managers", `String.stringContains(user.title, "Manager")`, []string{"Managers"}, true},
	{"San Francisco office", `user.city=="San Francisco"`, []string{"San Francisco Office"}, true},
	{"New York office", `user.city=="New York"`, []string{"New York Office"}, true},
	{"London office", `user.city=="London"`, []string{"London Office"}, true},
	{"Berlin office (draft)", `user.city=="Berlin"`, []string{"Berlin Office"}, false},
	{"Remote workers", `user.city=="Remote"`, []string{"Remote Workers"}, true},
	{"Engineering VPN", `user.department=="Engineering" || user.department=="IT"`, []string{"VPN Users"}, true},
	{"Engineering managers are AWS admins", `user.department=="Engineering" && String.stringContains(user.title, "Manager")`, []string{"AWS Admins"}, true},
}

var seedUserAgents = []string{
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
}
