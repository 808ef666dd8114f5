-- Run once by the postgres image on an empty volume (docker-entrypoint-initdb.d).
-- The app and Prefect each get their own database; POSTGRES_DB (the app's) already exists.
CREATE DATABASE prefect;
