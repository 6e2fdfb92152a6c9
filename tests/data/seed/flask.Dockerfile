FROM python:3.11

WORKDIR hello-world

COPY . .

RUN pip3 install flask

EXPOSE 5000

CMD ["flask", "run", "--host=0.0.0.0"]
