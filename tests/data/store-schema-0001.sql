-- A store of the first released schema (落户受理 0.1.0), made by
-- tests/data/make_store_schema_0001.py through the store API of that release.
-- Migrations applied: 0001_initial. Loaded by tests/packaging/test_upgrade.py.
-- Frozen: never edit or regenerate after 0.1.0 has shipped (see the script's docstring).
PRAGMA application_id=1213549397;
BEGIN TRANSACTION;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
INSERT INTO "_sqlite_migrations" VALUES(1,'intake','0001_initial','2026-11-29 02:04:28.873537+00:00');
CREATE TABLE applications (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id),
            json TEXT NOT NULL,
            entered_at TEXT NOT NULL,
            entered_by TEXT NOT NULL
        );
INSERT INTO "applications" VALUES(1,1,'{"applicant":{"id_number":"352201199309210154","name":"陈静怡","phone":null,"rural_origin":false},"application_date":"2017-06-01","documents":[{"id_number":"352201199309210154","name":"陈静怡","type":"id_card"},{"graduated_on":"2016-07-01","number":"1038412016000123","school_kind":"higher_education","type":"graduation_certificate"},{"employer_name":"泉州某科技有限公司","employer_uscc":"91350502MA2YC8LN0Y","end":"2020-02-14","start":"2017-02-15","type":"labor_contract","workplace_township":"350502002"}],"family":[],"jurisdiction":"350502","kind":"settle"}','2026-03-02T09:19:00+08:00','clerk');
INSERT INTO "applications" VALUES(2,2,'{"applicant":{"id_number":"352201199309210154","name":"陈静怡","phone":null,"rural_origin":false},"application_date":"2017-06-01","documents":[{"id_number":"352201199309210154","name":"陈静怡","type":"id_card"},{"graduated_on":"2016-07-01","number":"1038412016000123","school_kind":"higher_education","type":"graduation_certificate"}],"family":[],"jurisdiction":"350502","kind":"settle"}','2026-03-02T10:36:00+08:00','clerk');
INSERT INTO "applications" VALUES(3,3,'{"applicant":{"id_number":"350583199503140021","name":"𠮷𪚥明","phone":null,"rural_origin":false},"application_date":"2017-06-01","documents":[{"id_number":"350583199503140021","name":"𠮷𪚥明","type":"id_card"},{"graduated_on":"2016-07-01","number":"1038412016000123","school_kind":"higher_education","type":"graduation_certificate"},{"employer_name":"泉州某科技有限公司","employer_uscc":"91350502MA2YC8LN0Y","end":null,"start":"2017-03-01","type":"labor_contract","workplace_township":"350502002"},{"address":"某小区3幢1201室","owner_id_numbers":["350583199503140021"],"township":"350502001","type":"property_certificate"}],"family":[{"id_number":"352201199309210154","name":"陈静怡","relation":"spouse"},{"id_number":"350583196805050263","name":"林秀英","relation":"parent"}],"jurisdiction":"350502","kind":"settle"}','2026-03-02T11:25:00+08:00','clerk');
INSERT INTO "applications" VALUES(4,3,'{"applicant":{"id_number":"350583199503140021","name":"𠮷𪚥明","phone":"13905951234","rural_origin":false},"application_date":"2017-06-01","documents":[{"id_number":"350583199503140021","name":"𠮷𪚥明","type":"id_card"},{"graduated_on":"2016-07-01","number":"1038412016000123","school_kind":"higher_education","type":"graduation_certificate"},{"employer_name":"泉州某科技有限公司","employer_uscc":"91350502MA2YC8LN0Y","end":null,"start":"2017-03-01","type":"labor_contract","workplace_township":"350502002"},{"address":"某小区3幢1201室","owner_id_numbers":["350583199503140021"],"township":"350502001","type":"property_certificate"}],"family":[{"id_number":"352201199309210154","name":"陈静怡","relation":"spouse"},{"id_number":"350583196805050263","name":"林秀英","relation":"parent"}],"jurisdiction":"350502","kind":"settle"}','2026-03-02T11:46:00+08:00','clerk');
INSERT INTO "applications" VALUES(5,4,'{"applicant":{"id_number":"350626199001020335","name":"吴建国","phone":null,"rural_origin":false},"application_date":"2017-06-01","documents":[{"id_number":"350626199001020335","name":"吴建国","type":"id_card"},{"graduated_on":"2015-06-30","number":"1038412016000123","school_kind":"vocational","type":"graduation_certificate"},{"employer_name":"泉州某机械厂","employer_uscc":"91350500MA31K2P7XK","end":null,"start":"2016-09-01","type":"labor_contract","workplace_township":"350502001"},{"address":"某小区3幢1201室","owner_id_numbers":["350626199001020335","352201199309210154"],"township":"350502002","type":"property_certificate"}],"family":[],"jurisdiction":"350502","kind":"settle"}','2026-03-02T12:28:00+08:00','clerk');
INSERT INTO "applications" VALUES(6,5,'{"applicant":{"id_number":"350626199001020335","name":"吴建国","phone":null,"rural_origin":false},"application_date":"2017-06-01","documents":[{"id_number":"350626199001020335","name":"吴建国","type":"id_card"},{"address":"某路18号302室","end":"2019-12-31","lessee_id_number":"350626199001020335","registration_number":"泉鲤租备2017-00012","start":"2017-01-01","township":"350502002","type":"rental_proof"}],"family":[],"jurisdiction":"350502","kind":"settle"}','2026-03-02T13:31:00+08:00','clerk');
INSERT INTO "applications" VALUES(7,6,'{"applicant":{"id_number":"350626199001020335","name":"吴建国","phone":null,"rural_origin":false},"application_date":"2017-06-01","documents":[{"id_number":"350626199001020335","name":"吴建国","type":"id_card"},{"certified_by":"350521","level":"intermediate","number":"S3507201700123","type":"skills_certificate"},{"employer_name":"泉州某机械厂","employer_uscc":"91350500MA31K2P7XK","end":null,"start":"2016-09-01","type":"labor_contract","workplace_township":"350502001"}],"family":[],"jurisdiction":"350502","kind":"settle"}','2026-03-02T14:20:00+08:00','clerk');
CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT,
            case_id INTEGER,
            record_sha256 TEXT,
            detail TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
INSERT INTO "audit" VALUES(1,'2026-03-02T08:37:00+08:00','admin','add_user','user:admin',NULL,'8bab8cd4e6514b1d07934615845c7472943e267be61f446e54c0e4027a6a97af','{"role":"admin"}','0000000000000000000000000000000000000000000000000000000000000000','109ffaf7bd855a7bc5a81429028e8a5ff25e6f426d525be82f697a9d6f44c0b8');
INSERT INTO "audit" VALUES(2,'2026-03-02T08:51:00+08:00','admin','add_user','user:clerk',NULL,'282bedfdd3c9b41d06be3d47c1e7d8c3187999641c416d8d22dafa96c2feae85','{"role":"clerk"}','109ffaf7bd855a7bc5a81429028e8a5ff25e6f426d525be82f697a9d6f44c0b8','594c77e06b9a96e47ce1824b8fbfb7f5f82d088ba0e8aad3f12d1ad88f04182c');
INSERT INTO "audit" VALUES(3,'2026-03-02T09:05:00+08:00','admin','add_user','user:supervisor',NULL,'03d6c0282ea95e0a3b49033435fcc331d51ebf3c6c36f638ff9bbd6a5d294cdd','{"role":"supervisor"}','594c77e06b9a96e47ce1824b8fbfb7f5f82d088ba0e8aad3f12d1ad88f04182c','20bb8d7a785e58479c27c83025ced7d690380cdd977b9a8fb427e4fce7490992');
INSERT INTO "audit" VALUES(4,'2026-03-02T09:12:00+08:00','admin','set_setting','setting:hall_township',NULL,'1687e5f1fae85a92c45d63a7d1ee976a4ea895906c432398491b55e60b58211b','{"key":"hall_township","value":"350502001"}','20bb8d7a785e58479c27c83025ced7d690380cdd977b9a8fb427e4fce7490992','a8af9e90381391091eeb086d12aaf2f4c54b33ea69d91f641bb73ca574d49f14');
INSERT INTO "audit" VALUES(5,'2026-03-02T09:33:00+08:00','clerk','create','case:350502001-2026-000001',1,'4c752c455579195600a00c1e6c23257d0da8d947a251ab2c8d3cf99266b08233','{"state":"draft"}','a8af9e90381391091eeb086d12aaf2f4c54b33ea69d91f641bb73ca574d49f14','98d0972c6acafaa36121e8a26c45a253c9306e3d9e52cb656121865a7f4d3d1b');
INSERT INTO "audit" VALUES(6,'2026-03-02T09:47:00+08:00','clerk','evaluate','case:350502001-2026-000001',1,'2078719704b74c981b20b0a7fc2f2cd1403405854c01190ee3127f8d1aa47078','{"from":"draft","outcome":"settle","rule_pack":{"id":"fujian-2017","sha256":"e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f","version":"2017.1"},"state":"evaluated"}','98d0972c6acafaa36121e8a26c45a253c9306e3d9e52cb656121865a7f4d3d1b','22dc04bd894f00bc3baf85d9213cdb0eef7172aaabe3ebe834ce80c07cf7bf04');
INSERT INTO "audit" VALUES(7,'2026-03-02T10:01:00+08:00','clerk','consent','case:350502001-2026-000001',1,'1388c44a0480b3811628262f1a9d96d9316018920893a66646fa1ca46bc29866','{"from":"evaluated","state":"consented"}','22dc04bd894f00bc3baf85d9213cdb0eef7172aaabe3ebe834ce80c07cf7bf04','dcb2374e33bd4fd11f35129f6f7eb3f9d44f650f5a728409349ba8d6df03c5f6');
INSERT INTO "audit" VALUES(8,'2026-03-02T10:15:00+08:00','supervisor','approve','case:350502001-2026-000001',1,'e739db30a3a79c53b8a1ae34daeda61872925036c055d5934a1a97c08ab29087','{"from":"consented","state":"approved"}','dcb2374e33bd4fd11f35129f6f7eb3f9d44f650f5a728409349ba8d6df03c5f6','02c9f21be2b5bf7135cfb38a01f3b23ce656c8f733a0395b782a2edc03dee963');
INSERT INTO "audit" VALUES(9,'2026-03-02T10:29:00+08:00','clerk','complete','case:350502001-2026-000001',1,'540ec0fe5e0bfcce4c9fe118f07a172e8b2552f129653aceec62044f20b2a387','{"from":"approved","state":"completed"}','02c9f21be2b5bf7135cfb38a01f3b23ce656c8f733a0395b782a2edc03dee963','e6bf72454aa82fd25feba3edc1f8a4fb00e1934907f8e3ebc911af94b5aff512');
INSERT INTO "audit" VALUES(10,'2026-03-02T10:50:00+08:00','clerk','create','case:350502001-2026-000002',2,'dcd331431ef8ecb720786f92a142b8dfe9601f5153f7a11a5ed71ac4caa97b1b','{"state":"draft"}','e6bf72454aa82fd25feba3edc1f8a4fb00e1934907f8e3ebc911af94b5aff512','ed282dbeae1dda83eacc89c20170f88934f51ede9004a706222b9834da1f7a1e');
INSERT INTO "audit" VALUES(11,'2026-03-02T11:04:00+08:00','clerk','attach','case:350502001-2026-000002',2,'338c6bfd748fdf67adbea5f8d785edf99bdb58c96188ea2549a10e38224a74a9','{"doc_index":0,"pages":[{"filename":"身份证正面.png","seq":1,"sha256":"b126d33a7f5c187614d134d0ccdc5825f8e82c1f36f5d8577bb33f1289fb6a75"}]}','ed282dbeae1dda83eacc89c20170f88934f51ede9004a706222b9834da1f7a1e','f42d1e5d62f9486d61b99a212e8d64e5f03b1d236ea7067dcfe80fc5b89bab9e');
INSERT INTO "audit" VALUES(12,'2026-03-02T11:18:00+08:00','clerk','evaluate','case:350502001-2026-000002',2,'0bb1714900051276ea86009470169655b19a4fa0ec73f33eb90f6b8cf280d399','{"from":"draft","outcome":"incomplete","rule_pack":{"id":"fujian-2017","sha256":"e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f","version":"2017.1"},"state":"evaluated"}','f42d1e5d62f9486d61b99a212e8d64e5f03b1d236ea7067dcfe80fc5b89bab9e','ade940c1f70dbef61f5e5a7d08650e17fb9c383761241bb5ee51d4998ed575bc');
INSERT INTO "audit" VALUES(13,'2026-03-02T11:39:00+08:00','clerk','create','case:350502001-2026-000003',3,'9714ef9e7d6e4d383128c1232360fe2d66127863415ee9d621440d649c43f4f3','{"state":"draft"}','ade940c1f70dbef61f5e5a7d08650e17fb9c383761241bb5ee51d4998ed575bc','064f25bf2b15512752c176507ac8e21360c041e61d71645bab413c121265cec7');
INSERT INTO "audit" VALUES(14,'2026-03-02T11:53:00+08:00','clerk','edit','case:350502001-2026-000003',3,'854aff74d9b24142d04ce592506cdf9d310e1f85c9f68156ad4c24957ff8f417','{"from":"draft","state":"draft"}','064f25bf2b15512752c176507ac8e21360c041e61d71645bab413c121265cec7','0b9463f8e7cb9b4ef6123e18d969d34dec359e41147f64703c73728aa78f98dc');
INSERT INTO "audit" VALUES(15,'2026-03-02T12:07:00+08:00','clerk','evaluate','case:350502001-2026-000003',3,'3b0e09b463bb1338cf04d86164a498bb2eb500dd09c93bbfd589f60ec3d96375','{"from":"draft","outcome":"settle","rule_pack":{"id":"fujian-2017","sha256":"e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f","version":"2017.1"},"state":"evaluated"}','0b9463f8e7cb9b4ef6123e18d969d34dec359e41147f64703c73728aa78f98dc','4870c0ca5384194c6adf113fc7d2a478da11d0164a1d3f4a3244e6b1b4fd2925');
INSERT INTO "audit" VALUES(16,'2026-03-02T12:21:00+08:00','clerk','consent','case:350502001-2026-000003',3,'c03fdab56549be3fbba50b3df453a87cf12ad3656e98a8f2ea22f1c4ace7bb77','{"from":"evaluated","state":"consented"}','4870c0ca5384194c6adf113fc7d2a478da11d0164a1d3f4a3244e6b1b4fd2925','490383dfb1997d67634621ce9f8a4bee990377789fac334f0564807cb3f7f3c1');
INSERT INTO "audit" VALUES(17,'2026-03-02T12:42:00+08:00','clerk','create','case:350502001-2026-000004',4,'925ac64d4a7d9b50845644160329e8b5b237c1729f1a2431cebf9f4716b5174c','{"state":"draft"}','490383dfb1997d67634621ce9f8a4bee990377789fac334f0564807cb3f7f3c1','c6e0ec6360a76413753e7df3b049eb5ecdbac9b8e3d9839e94f933ac3ecbfd38');
INSERT INTO "audit" VALUES(18,'2026-03-02T12:56:00+08:00','clerk','evaluate','case:350502001-2026-000004',4,'bf3f3fbc5fa0ccfe5efab95ec8bf9bd3b52044e2ab2eacc85a4263a6fb04da42','{"from":"draft","outcome":"settle","rule_pack":{"id":"fujian-2017","sha256":"e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f","version":"2017.1"},"state":"evaluated"}','c6e0ec6360a76413753e7df3b049eb5ecdbac9b8e3d9839e94f933ac3ecbfd38','9bc4091012383e6c0e0637bc968b3b6f7c9e0eb6309efd8a669ad0a7761a711f');
INSERT INTO "audit" VALUES(19,'2026-03-02T13:10:00+08:00','clerk','consent','case:350502001-2026-000004',4,'21e1312cd1ee0908535ceb3507ac2174c9cf45658ed338da019ee61d81eae5a1','{"from":"evaluated","state":"consented"}','9bc4091012383e6c0e0637bc968b3b6f7c9e0eb6309efd8a669ad0a7761a711f','63e43f6193af72239008cb2717dc309e3c6ddc7a1161aafd5ff80b8e0ff16e42');
INSERT INTO "audit" VALUES(20,'2026-03-02T13:24:00+08:00','supervisor','reject','case:350502001-2026-000004',4,'db1d8c29c6b7945c280089d39eb9829a9164c222f6532d37c5cd30ed5b9500ec','{"from":"consented","reason":"房屋所有权证书与申请人姓名不一致，需补充材料后重新申请","state":"rejected"}','63e43f6193af72239008cb2717dc309e3c6ddc7a1161aafd5ff80b8e0ff16e42','7f41b5502bc284f2c466c75884348c78aaf277c01b82de1a4bca05274e9112e9');
INSERT INTO "audit" VALUES(21,'2026-03-02T13:45:00+08:00','clerk','create','case:350502001-2026-000005',5,'76866e99281904d8a418902768012c7c9220fc27b1ea6ecb1d5cc7e8dd4b69d4','{"state":"draft"}','7f41b5502bc284f2c466c75884348c78aaf277c01b82de1a4bca05274e9112e9','3ac5319bef71eeb40a87d5503f0f219078bb9a6141426b017db61f386be69d05');
INSERT INTO "audit" VALUES(22,'2026-03-02T13:59:00+08:00','clerk','evaluate','case:350502001-2026-000005',5,'33799e23bff8397d1e03be40aa2719ed220f6827e1ce696cf14af249ed445020','{"from":"draft","outcome":"settle","rule_pack":{"id":"fujian-2017","sha256":"e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f","version":"2017.1"},"state":"evaluated"}','3ac5319bef71eeb40a87d5503f0f219078bb9a6141426b017db61f386be69d05','3a9710db8761dd7b4964ae465f53968bf8165738fa881fffcfe59c6fe1265c39');
INSERT INTO "audit" VALUES(23,'2026-03-02T14:13:00+08:00','clerk','choose_residence_permit','case:350502001-2026-000005',5,'189af0920dbdf990ce2a9ddd8d5bb650317dafaf51b8f65406de81c02c0c418a','{"from":"evaluated","reason":"申请人选择办理居住证","state":"withdrawn"}','3a9710db8761dd7b4964ae465f53968bf8165738fa881fffcfe59c6fe1265c39','f601c2799e2e89f6dccb0a7956a28c866b2f0b98b0c922aebfe2aabee7e3f852');
INSERT INTO "audit" VALUES(24,'2026-03-02T14:34:00+08:00','clerk','create','case:350502001-2026-000006',6,'59407e3486aca78f91751792f5a8b5dcde2615e8b7edd373df5dd1a82d60ab01','{"state":"draft"}','f601c2799e2e89f6dccb0a7956a28c866b2f0b98b0c922aebfe2aabee7e3f852','a621f170ea3e57e98ccfd9f84acc63e8b50a0380ff33f0b4e1515602a29e8d7a');
CREATE TABLE blobs (
            sha256 TEXT PRIMARY KEY,
            format TEXT NOT NULL,
            size INTEGER NOT NULL,
            data BLOB NOT NULL,
            thumbnail BLOB NOT NULL,
            thumb_sha256 TEXT NOT NULL
        );
INSERT INTO "blobs" VALUES('b126d33a7f5c187614d134d0ccdc5825f8e82c1f36f5d8577bb33f1289fb6a75','png',173,X'89504E470D0A1A0A0000000D4948445200000078000000AA080000000043F9D42A000000744944415478DAEDD8A11100200C03C096632DA6671C9640B2412BF8A8B81771C9133D19010683C1603018FC0D3C5F5D15DEB631180C0683C160705DD2C1060683C16030180C0683C16030180C0683C16030180C0683C16030180C0683C16030180C0683C16030180C0683C16030180C0683BBE10B533F042B92CB554E0000000049454E44AE426082',X'89504E470D0A1A0A0000000D4948445200000078000000AA080000000043F9D42A000000744944415478DAEDD8A11100200C03C096632DA6671C9640B2412BF8A8B81771C9133D19010683C1603018FC0D3C5F5D15DEB631180C0683C160705DD2C1060683C16030180C0683C16030180C0683C16030180C0683C16030180C0683C16030180C0683C16030180C0683C16030180C0683BBE10B533F042B92CB554E0000000049454E44AE426082','b126d33a7f5c187614d134d0ccdc5825f8e82c1f36f5d8577bb33f1289fb6a75');
CREATE TABLE case_counters (
            prefix TEXT PRIMARY KEY,
            last INTEGER NOT NULL
        );
INSERT INTO "case_counters" VALUES('350502001-2026',6);
CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL CHECK (state IN
                ('draft', 'evaluated', 'consented', 'approved', 'completed', 'withdrawn', 'rejected')),
            wish TEXT CHECK (wish IN ('settle', 'residence_permit')),
            reason TEXT,
            applicant_id TEXT NOT NULL,
            applicant_name TEXT NOT NULL,
            phone TEXT,
            jurisdiction TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
INSERT INTO "cases" VALUES(1,'350502001-2026-000001','completed','settle',NULL,'352201199309210154','陈静怡',NULL,'350502','2026-03-02T09:19:00+08:00','clerk','2026-03-02T10:22:00+08:00');
INSERT INTO "cases" VALUES(2,'350502001-2026-000002','evaluated',NULL,NULL,'352201199309210154','陈静怡',NULL,'350502','2026-03-02T10:36:00+08:00','clerk','2026-03-02T11:11:00+08:00');
INSERT INTO "cases" VALUES(3,'350502001-2026-000003','consented','settle',NULL,'350583199503140021','𠮷𪚥明','13905951234','350502','2026-03-02T11:25:00+08:00','clerk','2026-03-02T12:14:00+08:00');
INSERT INTO "cases" VALUES(4,'350502001-2026-000004','rejected','settle','房屋所有权证书与申请人姓名不一致，需补充材料后重新申请','350626199001020335','吴建国',NULL,'350502','2026-03-02T12:28:00+08:00','clerk','2026-03-02T13:17:00+08:00');
INSERT INTO "cases" VALUES(5,'350502001-2026-000005','withdrawn','residence_permit','申请人选择办理居住证','350626199001020335','吴建国',NULL,'350502','2026-03-02T13:31:00+08:00','clerk','2026-03-02T14:06:00+08:00');
INSERT INTO "cases" VALUES(6,'350502001-2026-000006','draft',NULL,NULL,'350626199001020335','吴建国',NULL,'350502','2026-03-02T14:20:00+08:00','clerk','2026-03-02T14:20:00+08:00');
CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id),
            application_id INTEGER NOT NULL REFERENCES applications (id),
            outcome TEXT NOT NULL,
            decision TEXT NOT NULL,
            rule_pack_id TEXT NOT NULL,
            rule_pack_version TEXT NOT NULL,
            rule_pack_sha256 TEXT NOT NULL,
            made_at TEXT NOT NULL,
            made_by TEXT NOT NULL
        );
INSERT INTO "decisions" VALUES(1,1,1,'settle','{"address":{"kind":"township_public","text":"泉州市鲤城区临江街道公共集体户（临江街道便民服务中心）","township":"350502002"},"clause":"二(四)","family":[],"missing":[],"outcome":"settle","path":"graduate_employed","paths":["graduate_employed"],"priority_groups":[],"reasons":[],"residence_permit":null,"rule_pack":{"draft":false,"id":"fujian-2017","layers":["fujian-2017"],"sha256":"e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f","version":"2017.1"},"skipped":[{"clause":"二(四)","code":"residence_missing","kind":"own_residence","reason":"未提供位于本县（区）的本人不动产权证书或房屋租赁合同"},{"clause":"二(四)","code":"acceptance_missing","kind":"employer_collective","reason":"未提供就业单位集体户接收证明"}],"warnings":[]}','fujian-2017','2017.1','e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f','2026-03-02T09:40:00+08:00','clerk');
INSERT INTO "decisions" VALUES(2,2,2,'incomplete','{"address":null,"clause":null,"family":[],"missing":[{"any_of":["labor_contract","business_license"],"clause":"二(四)","code":"employment_missing","paths":["graduate_employed"],"reason":"未提供在本县（区）就业的劳动（聘用）合同或本人营业执照"}],"outcome":"incomplete","path":null,"paths":null,"priority_groups":[],"reasons":[],"residence_permit":null,"rule_pack":{"draft":false,"id":"fujian-2017","layers":["fujian-2017"],"sha256":"e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f","version":"2017.1"},"skipped":[],"warnings":[]}','fujian-2017','2017.1','e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f','2026-03-02T11:11:00+08:00','clerk');
INSERT INTO "decisions" VALUES(3,3,4,'settle','{"address":{"kind":"own_residence","text":"某小区3幢1201室","township":"350502001"},"clause":"二(四)","family":[{"clause":"一(一)","follows":true,"id_number":"352201199309210154","reason":"随申请人落户至本人合法稳定住所","relation":"spouse"},{"clause":"一(一)","follows":true,"id_number":"350583196805050263","reason":"随申请人落户至本人合法稳定住所","relation":"parent"}],"missing":[],"outcome":"settle","path":"graduate_employed","paths":["graduate_employed","general"],"priority_groups":["family_migration"],"reasons":[],"residence_permit":null,"rule_pack":{"draft":false,"id":"fujian-2017","layers":["fujian-2017"],"sha256":"e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f","version":"2017.1"},"skipped":[],"warnings":[]}','fujian-2017','2017.1','e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f','2026-03-02T12:00:00+08:00','clerk');
INSERT INTO "decisions" VALUES(4,4,5,'settle','{"address":{"kind":"own_residence","text":"某小区3幢1201室","township":"350502002"},"clause":"二(四)","family":[],"missing":[],"outcome":"settle","path":"vocational_graduate","paths":["vocational_graduate","general"],"priority_groups":[],"reasons":[],"residence_permit":null,"rule_pack":{"draft":false,"id":"fujian-2017","layers":["fujian-2017"],"sha256":"e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f","version":"2017.1"},"skipped":[],"warnings":[]}','fujian-2017','2017.1','e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f','2026-03-02T12:49:00+08:00','clerk');
INSERT INTO "decisions" VALUES(5,5,6,'settle','{"address":{"kind":"own_residence","text":"某路18号302室","township":"350502002"},"clause":"二(五)","family":[],"missing":[],"outcome":"settle","path":"general","paths":["general"],"priority_groups":[],"reasons":[],"residence_permit":null,"rule_pack":{"draft":false,"id":"fujian-2017","layers":["fujian-2017"],"sha256":"e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f","version":"2017.1"},"skipped":[],"warnings":[]}','fujian-2017','2017.1','e8e8c25cf7c9b82bd168754b182cfe89bb6729273ac5cecb849806940d48db2f','2026-03-02T13:52:00+08:00','clerk');
CREATE TABLE name_grams (
            gram TEXT NOT NULL,
            case_id INTEGER NOT NULL,
            PRIMARY KEY (gram, case_id)
        ) WITHOUT ROWID;
INSERT INTO "name_grams" VALUES('吴',4);
INSERT INTO "name_grams" VALUES('吴',5);
INSERT INTO "name_grams" VALUES('吴',6);
INSERT INTO "name_grams" VALUES('吴建',4);
INSERT INTO "name_grams" VALUES('吴建',5);
INSERT INTO "name_grams" VALUES('吴建',6);
INSERT INTO "name_grams" VALUES('吴建国',4);
INSERT INTO "name_grams" VALUES('吴建国',5);
INSERT INTO "name_grams" VALUES('吴建国',6);
INSERT INTO "name_grams" VALUES('国',4);
INSERT INTO "name_grams" VALUES('国',5);
INSERT INTO "name_grams" VALUES('国',6);
INSERT INTO "name_grams" VALUES('建',4);
INSERT INTO "name_grams" VALUES('建',5);
INSERT INTO "name_grams" VALUES('建',6);
INSERT INTO "name_grams" VALUES('建国',4);
INSERT INTO "name_grams" VALUES('建国',5);
INSERT INTO "name_grams" VALUES('建国',6);
INSERT INTO "name_grams" VALUES('怡',1);
INSERT INTO "name_grams" VALUES('怡',2);
INSERT INTO "name_grams" VALUES('明',3);
INSERT INTO "name_grams" VALUES('陈',1);
INSERT INTO "name_grams" VALUES('陈',2);
INSERT INTO "name_grams" VALUES('陈静',1);
INSERT INTO "name_grams" VALUES('陈静',2);
INSERT INTO "name_grams" VALUES('陈静怡',1);
INSERT INTO "name_grams" VALUES('陈静怡',2);
INSERT INTO "name_grams" VALUES('静',1);
INSERT INTO "name_grams" VALUES('静',2);
INSERT INTO "name_grams" VALUES('静怡',1);
INSERT INTO "name_grams" VALUES('静怡',2);
INSERT INTO "name_grams" VALUES('𠮷',3);
INSERT INTO "name_grams" VALUES('𠮷𪚥',3);
INSERT INTO "name_grams" VALUES('𠮷𪚥明',3);
INSERT INTO "name_grams" VALUES('𪚥',3);
INSERT INTO "name_grams" VALUES('𪚥明',3);
CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            case_id INTEGER NOT NULL REFERENCES cases (id),
            doc_index INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            sha256 TEXT NOT NULL REFERENCES blobs (sha256),
            thumb_sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            size INTEGER NOT NULL,
            filename TEXT NOT NULL,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL,
            UNIQUE (case_id, doc_index, seq),
            UNIQUE (case_id, doc_index, sha256)
        );
INSERT INTO "pages" VALUES(1,2,0,1,'b126d33a7f5c187614d134d0ccdc5825f8e82c1f36f5d8577bb33f1289fb6a75','b126d33a7f5c187614d134d0ccdc5825f8e82c1f36f5d8577bb33f1289fb6a75','png',173,'身份证正面.png','2026-03-02T10:57:00+08:00','clerk');
CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
INSERT INTO "settings" VALUES('hall_township','350502001');
CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
            password_hash TEXT NOT NULL,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        );
INSERT INTO "users" VALUES('admin','admin','$argon2id$v=19$m=65536,t=3,p=4$4ciCst+XXQX3laCQsWXENQ$jBM+PzPCZIfl03k5gEDQ3j4yBW6uTQ6P+mQfTtIDy68',0,NULL,1,'2026-03-02T08:30:00+08:00');
INSERT INTO "users" VALUES('clerk','clerk','$argon2id$v=19$m=65536,t=3,p=4$1yidaoE9EkSZauEQWKrxPg$Kl/61e2MqZF7DjU5m5ODGhOAclLzZFd1B7ps5yZbcZs',0,NULL,1,'2026-03-02T08:44:00+08:00');
INSERT INTO "users" VALUES('supervisor','supervisor','$argon2id$v=19$m=65536,t=3,p=4$TpbKwJrvbHbb4yqI8Sb1Cg$yU3X39nLifbheiZfA84XInh4GKQjcvjTuHjgB+R8He0',0,NULL,1,'2026-03-02T08:58:00+08:00');
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX cases_applicant_id ON cases (applicant_id);
CREATE INDEX cases_phone ON cases (phone) WHERE phone IS NOT NULL;
CREATE INDEX applications_case ON applications (case_id, id);
CREATE INDEX decisions_case ON decisions (case_id, id);
CREATE INDEX pages_blob ON pages (sha256);
CREATE INDEX audit_case ON audit (case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX audit_subject ON audit (subject, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit 记录只能追加，不能修改或删除'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit 记录只能追加，不能修改或删除'); END;
CREATE TRIGGER applications_no_update BEFORE UPDATE ON applications BEGIN SELECT RAISE(ABORT, 'applications 记录只能追加，不能修改或删除'); END;
CREATE TRIGGER applications_no_delete BEFORE DELETE ON applications BEGIN SELECT RAISE(ABORT, 'applications 记录只能追加，不能修改或删除'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN SELECT RAISE(ABORT, 'decisions 记录只能追加，不能修改或删除'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN SELECT RAISE(ABORT, 'decisions 记录只能追加，不能修改或删除'); END;
CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs BEGIN SELECT RAISE(ABORT, 'blobs 记录只能追加，不能修改或删除'); END;
CREATE TRIGGER pages_no_update BEFORE UPDATE ON pages BEGIN SELECT RAISE(ABORT, 'pages 记录只能追加，不能修改或删除'); END;
CREATE TRIGGER pages_no_delete BEFORE DELETE ON pages BEGIN SELECT RAISE(ABORT, 'pages 记录只能追加，不能修改或删除'); END;
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('audit',24);
COMMIT;
